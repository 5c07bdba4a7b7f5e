/**
 * Word lists the sentence scanner consults when it meets a full stop. Keys are lower case and have
 * no dots ("U.S." is looked up as "us"). The lists are deliberately short and news-oriented: every
 * entry is a word that, followed by a full stop, is more often an abbreviation than a sentence end.
 */

/** Titles that precede a name; a full stop after them never ends a sentence ("Dr. Ruth Adams"). */
export const TITLES: ReadonlySet<string> = new Set([
  'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'st', 'mt', 'ft', 'sen', 'rep', 'gov', 'gen', 'col', 'lt', 'sgt',
  'capt', 'cmdr', 'adm', 'maj', 'rev', 'hon', 'pres', 'supt', 'det', 'insp', 'fr', 'messrs', 'mme', 'mlle',
  'amb', 'atty', 'brig', 'cpl', 'pvt', 'sr', 'jr', 'rt', 'hr',
]);

/** Abbreviations usually followed by a number ("No. 5", "p. 55", "Jan. 20", "Rs. 100"). */
export const BEFORE_NUMBER: ReadonlySet<string> = new Set([
  'no', 'nos', 'nr', 'p', 'pp', 'vol', 'vols', 'fig', 'figs', 'art', 'sec', 'ch', 'chap', 'op', 'rs', 'para',
  'approx', 'est', 'tel', 'ext', 'ed', 'eds', 'pt', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep',
  'sept', 'oct', 'nov', 'dec', 'ca', 'cir', 'circa', 'no', 'rm', 'ste', 'ave', 'rd', 'blvd', 'hwy', 'pg',
  'min', 'max', 'av', 'ref', 'item', 'cl', 'reg', 'ord', 'ibid',
]);

/** Abbreviations after which the sentence always goes on ("vs.", "e.g.", "et al."). */
export const NEVER_FINAL: ReadonlySet<string> = new Set(['vs', 'v', 'cf', 'viz', 'al', 'eg', 'ie', 'approx', 'esp', 'incl', 'resp']);

/** Company suffixes: they can end a sentence ("... & Co. It closed"), so they are judged by the next word. */
export const COMPANY: ReadonlySet<string> = new Set(['co', 'inc', 'ltd', 'corp', 'bros', 'llc', 'plc', 'cos', 'assn', 'dept', 'univ']);

/** Other abbreviations: they end a sentence only when a capitalised word follows. */
export const OTHER: ReadonlySet<string> = new Set([
  'etc', 'med', 'btw', 'dept', 'govt', 'intl', 'natl', 'misc', 'attn', 'yr', 'yrs', 'hrs', 'mins', 'wk', 'mo',
  'mos', 'ind', 'calif', 'mass', 'conn', 'wash', 'penn', 'ariz', 'colo', 'fla', 'ill', 'mich', 'minn', 'tenn',
  'tex', 'okla', 'ore', 'wis', 'jun',
]);

/** Dotted abbreviations of places and bodies; "U.S. Army" goes on, "the U.S. The next" ends. */
export const PLACE_INITIALS: ReadonlySet<string> = new Set(['us', 'uk', 'eu', 'un', 'usa', 'uae', 'ussr', 'dc', 'nyc', 'la']);

/** Time-of-day abbreviations. */
export const TIME_INITIALS: ReadonlySet<string> = new Set(['am', 'pm']);

/** Capitalised words that commonly follow "U.S." and friends inside one name ("U.S. Government"). */
export const PLACE_CONTINUATIONS: ReadonlySet<string> = new Set([
  'government', 'army', 'navy', 'air', 'marine', 'marines', 'senate', 'house', 'congress', 'department', 'embassy',
  'treasury', 'court', 'supreme', 'president', 'vice', 'secretary', 'attorney', 'ambassador', 'forces', 'coast',
  'commission', 'panel', 'census', 'bureau', 'federal', 'state', 'open', 'geological', 'postal', 'border',
  'customs', 'central', 'agency', 'office', 'national', 'special', 'trade', 'food', 'chamber', 'olympic',
  'capitol', 'constitution', 'justice', 'military', 'intelligence', 'defense', 'defence', 'energy', 'health',
  'labor', 'labour', 'environmental', 'patent', 'election', 'citizenship', 'immigration', 'dollar', 'dollars',
  'mint', 'conference', 'parliament', 'prime', 'foreign', 'home', 'high', 'security', 'council', 'steel', 'bank',
  'general', 'envoy', 'officials', 'official', 'troops', 'soldiers', 'citizens', 'authorities', 'administration',
  'economy', 'market', 'markets', 'stocks', 'treasuries', 'senator', 'representative', 'rep', 'sen', 'gov',
  'secretary-general', 'security-council', 'agencies', 'diplomats', 'envoys', 'peacekeepers', 'peacekeeping',
  'human', 'refugee', 'climate', 'general assembly', 'assembly', 'women', 'children', 'world', 'development',
]);

/**
 * Words that usually open a sentence. After ambiguous initials ("I.V.", "J.C.") a full stop ends the
 * sentence only when one of these follows; otherwise the initials are taken as part of a name.
 */
export const SENTENCE_STARTERS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'this', 'that', 'these', 'those', 'there', 'then', 'it', 'its', 'he', 'she', 'they', 'we',
  'i', 'you', 'his', 'her', 'their', 'our', 'my', 'your', 'but', 'and', 'or', 'so', 'yet', 'in', 'on', 'at',
  'for', 'from', 'with', 'by', 'after', 'before', 'when', 'while', 'if', 'how', 'what', 'why', 'who', 'where',
  'which', 'as', 'since', 'however', 'meanwhile', 'also', 'still', 'now', 'today', 'yesterday', 'last', 'next',
  'some', 'many', 'most', 'all', 'no', 'not', 'one', 'two', 'three', 'several', 'millions', 'thousands',
  'hundreds', 'officials', 'critics', 'experts', 'analysts', 'is', 'was', 'are', 'were', 'did', 'do', 'does',
  'travelers', 'travellers', 'residents', 'people',
]);

/** Section labels that news sites glue onto the start of a headline ("ExclusiveChina-US relations"). */
export const SECTION_TAGS: readonly string[] = [
  'Exclusive', 'Breaking', 'Analysis', 'Opinion', 'Live', 'Watch', 'Video', 'Explainer', 'Interview', 'Updated',
  'Update', 'Podcast', 'Sponsored', 'Advertisement', 'Listen', 'Photos', 'Gallery', 'Comment', 'Review',
  'Factcheck', 'Politics', 'World', 'Business', 'Sport', 'Sports', 'Health', 'Science', 'Technology', 'Climate',
  'Economy',
];
