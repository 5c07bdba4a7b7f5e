/**
 * Speaker attribution for quoted and reported speech. The tracker walks the article's sentences in
 * order, remembers the people and organisations it has met, and names each speaker by the shortest
 * form that still identifies them (see CONTEXT.md, "speaker name rule").
 *
 * Cost matters: the tracker sees every sentence of every article. Lookups are Map/Set based, the
 * patterns are compiled once, and only the few words around a speech verb are tokenised.
 */

const SPEECH_VERBS = 'said|says|say|told|tells|added|adds|stated|states|claimed|claims|argued|argues|warned|warns|insisted|insists|explained|explains|noted|notes|wrote|writes|tweeted|posted|announced|announces|declared|declares|estimated|estimates|predicted|predicts|admitted|admits|acknowledged|confirmed|confirms|continued|replied|responded|asked|asks|stressed|stresses|emphasised|emphasized|recalled|suggested|suggests|testified|concluded|pointed out|speaking|cautioned|disputed|insisted|maintained|countered|conceded|revealed|reported';
/** "according to X" and "the words of X" name the speaker after them. */
const VERB_RE = new RegExp(`\\b(?:${SPEECH_VERBS})\\b|\\b[Aa]ccording to\\b|\\bwords of\\b`, 'g');

/** Honorifics kept only when the surname alone would be all we had ("Dr. Smith"). */
const HONORIFICS = new Set(['dr', 'mr', 'mrs', 'ms', 'mx', 'miss', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady', 'rev', 'fr']);
/** Job titles and descriptors that precede a name and are not part of it ("Sen.", "council leader"). */
const ROLES = new Set([
  'health', 'minister', 'president', 'prime', 'secretary', 'senator', 'sen', 'governor', 'gov', 'mayor', 'chief',
  'executive', 'director', 'judge', 'justice', 'general', 'gen', 'commissioner', 'chairman', 'chairwoman', 'chair',
  'spokesperson', 'spokesman', 'spokeswoman', 'foreign', 'finance', 'defence', 'defense', 'interior', 'education',
  'economy', 'trade', 'state', 'deputy', 'vice', 'police', 'inspector', 'detective', 'officer', 'ambassador',
  'representative', 'rep', 'lt', 'col', 'capt', 'sgt', 'cmdr', 'adm', 'maj', 'coach', 'bishop', 'pope', 'king',
  'queen', 'prince', 'princess', 'chancellor', 'leader', 'opposition', 'labour', 'conservative', 'democratic',
  'republican', 'democrat', 'former', 'senior', 'ceo', 'cfo', 'economist', 'analyst', 'u.s', 'us', 'uk', 'eu', 'un',
  'environment', 'environmental', 'energy', 'transport', 'housing', 'home', 'attorney', 'party', 'union',
  'professor', 'researcher', 'scientist', 'epidemiologist', 'doctor', 'nurse', 'founder', 'co-founder', 'owner',
  'manager', 'head', 'white', 'house', 'press', 'agriculture', 'climate', 'science', 'technology', 'cllr',
  'councillor', 'councilor', 'council', 'councilman', 'councilwoman', 'alderman', 'mp', 'mep', 'msp', 'congressman',
  'congresswoman', 'assemblyman', 'assemblywoman', 'shadow', 'junior', 'lead', 'local', 'city', 'county', 'campaign',
  'group', 'team', 'board', 'fire', 'medical', 'public', 'officer', 'official', 'lawyer', 'attorney-general',
  'pres', 'supt', 'det', 'insp', 'hon', 'rt', 'amb', 'atty', 'brig', 'cpl', 'pvt',
]);
/** Capitalised words that open sentences but are not speakers. */
const NOT_NAMES = new Set([
  'the', 'a', 'an', 'it', 'this', 'that', 'these', 'those', 'there', 'they', 'we', 'i', 'you', 'he', 'she', 'but',
  'and', 'or', 'so', 'in', 'on', 'at', 'as', 'when', 'while', 'if', 'after', 'before', 'then', 'also', 'however',
  'officials', 'experts', 'critics', 'analysts', 'residents', 'people', 'some', 'many', 'others', 'both', 'his', 'her',
  'their', 'its', 'our', 'my', 'your', 'one', 'no', 'not', 'what', 'who', 'why', 'how', 'where', 'which',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'yesterday', 'today', 'tomorrow',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november',
  'december', 'mps', 'reporters', 'campaigners', 'protesters', 'activists', 'parents', 'teachers', 'farmers',
  'doctors', 'nurses', 'scientists', 'researchers', 'economists', 'diplomats', 'lawmakers', 'investors', 'voters',
]);
/** Words that make a capitalised run an organisation rather than a person. */
const ORGANISATION = new Set([
  'university', 'college', 'authority', 'council', 'commerce', 'ministry', 'department', 'agency', 'party', 'times',
  'post', 'news', 'media', 'co', 'inc', 'corp', 'ltd', 'llc', 'plc', 'bank', 'group', 'institute', 'institution',
  'foundation', 'association', 'commission', 'committee', 'court', 'police', 'service', 'office', 'board', 'union',
  'company', 'government', 'parliament', 'congress', 'senate', 'guard', 'army', 'navy', 'airlines',
  'hospital', 'school', 'centre', 'center', 'port', 'harbour', 'club', 'polytechnic', 'fund', 'organisation', 'organization',
  'reuters', 'press', 'trust', 'network', 'alliance', 'federation', 'society', 'corporation', 'holdings', 'partners',
  'industries', 'conference', 'bureau', 'administration', 'index', 'forum', 'institutes', 'nhs', 'chamber', 'secretariat',
  'tribunal', 'directorate', 'executive', 'assembly', 'programme', 'program', 'labs', 'laboratory', 'observatory', 'treasury',
]);
/** Person nouns of anonymous sources: "one Washington lawyer", "a local mother". */
const PERSON_NOUNS = 'lawyer|attorney|official|mother|father|parent|resident|source|analyst|diplomat|doctor|nurse|teacher|worker|employee|officer|executive|banker|trader|economist|expert|witness|neighbour|neighbor|voter|spokesperson|spokesman|spokeswoman|aide|insider|campaigner|activist|farmer|driver|student|manager|investor|person|man|woman|member|lawmaker|politician|minister|researcher|scientist|academic|historian|engineer|owner|shopkeeper|customer|passenger|commuter|patient|fan|pensioner|landlord|tenant|motorist|supporter|critic|observer|onlooker|bystander|visitor|survivor|victim|relative|friend|colleague|councillor';
/** "the official", "the minister": a definite description of someone already named. */
const DEFINITE_PERSON = new RegExp(`^[Tt]he\\s+(?:[a-z-]+\\s+){0,2}(?:${PERSON_NOUNS}|president|senator|governor|mayor|chief|director|professor|candidate|judge|chairman|chairwoman|leader|mp|councillor)\\b`);
/** "one Washington lawyer", "a senior official": a new, unnamed person. */
const INDEFINITE_PERSON = new RegExp(`^(?:one|a|an|another)\\s+(?:[\\p{L}-]+\\s+){0,3}?(?:${PERSON_NOUNS})\\b`, 'iu');
/** "the agency", "the company", "officials": an institution, named by the organisation it stands for. */
const INSTITUTION = /^(?:(?:[Tt]he|[Ii]ts|[Tt]heir)\s+(?:[a-z-]+\s+){0,2}(agency|ministry|company|firm|government|department|council|authority|authorities|bank|regulator|commission|committee|court|police|union|group|institute|organisation|organization|board|office|service|hospital|university|charity|party|administration|watchdog)|([Oo]fficials|[Aa]uthorities))\b/;
/** A document standing for its publisher: "its annual report", "a statement". */
const DOCUMENT = /^(?:(its|their)|the|a|an)\s+(?:[a-z-]+\s+){0,2}?(?:report|statement|study|survey|analysis|figures|data|filing|release|accounts|website|review|audit|estimates?|records|forecasts?|calculations|research)\b/i;
/** "figures published on Thursday by the UK Health Security Agency": the publisher is the source. */
const PUBLISHED_BY = /^[^,.;]{0,80}?\b(?:by|from)\s+(?:the\s+)?(\p{Lu}[\p{L}\p{N}.'’&-]*(?:\s+(?:of\s+|for\s+|and\s+|&\s+)?(?:the\s+)?\p{Lu}[\p{L}\p{N}.'’&-]*)*)/u;
/** Groups of unnamed people: no one can be named as the speaker. */
const ANONYMOUS_GROUP = /^(?:(?:two|three|four|five|several|many|some|multiple|\d+)\s+)?(?:people|sources|persons|residents|witnesses|analysts|experts|critics|observers|campaigners|protesters|activists|parents|teachers|farmers|doctors|nurses|scientists|researchers|economists|diplomats|lawmakers|investors|traders|shoppers|voters|users)\b/i;
const PRONOUN = /^(?:he|she)$/i;

/** Small words inside organisation names: "Chamber of Commerce". */
const CONNECTOR = /^(?:of|for|and|&)$/;
const NAME_TOKEN = /^(?:\p{Lu}[\p{L}\p{N}'’&-]*\.?|\p{Lu}\.|de|van|von|der|den|al|bin|da|di|du|la|le|del|dos|el)$/u;
const ACRONYM = /^[A-Z][A-Z&]+$/;

export interface SentenceSpeech {
  /** The sentence opens a quotation that it does not close. */
  opensQuote: boolean;
  /** The sentence closes a quotation opened in an earlier sentence. */
  closesQuote: boolean;
  /** The sentence starts with a quotation mark. */
  startsWithQuote: boolean;
  /** The sentence contains any quotation mark. */
  hasQuote: boolean;
}

/** How many quotation marks of each kind a sentence has. */
export interface QuoteCounts {
  straightQuotes: number;
  openingQuotes: number;
  closingQuotes: number;
}

/** Counts quotation marks; extract.ts gets the same counts from the scoring scan instead. */
export function countQuotes(sentence: string): QuoteCounts {
  let straightQuotes = 0;
  let openingQuotes = 0;
  let closingQuotes = 0;
  for (let i = 0; i < sentence.length; i++) {
    const c = sentence.charCodeAt(i);
    if (c === 34) straightQuotes += 1;
    else if (c === 0x201c || c === 0xab) openingQuotes += 1;
    else if (c === 0x201d || c === 0xbb) closingQuotes += 1;
    else if ((c === 39 || c === 96) && sentence.charCodeAt(i + 1) === c) {
      straightQuotes += 1;
      i += 1;
    }
  }
  return { straightQuotes, openingQuotes, closingQuotes };
}

/** Whether a quote stays open across the sentence boundary, from the sentence's quotation marks. */
export function quoteBalance(sentence: string, wasOpen: boolean, counts: QuoteCounts = countQuotes(sentence)): SentenceSpeech & { open: boolean } {
  const { straightQuotes: straight, openingQuotes: opens, closingQuotes: closes } = counts;
  let open = wasOpen;
  if (straight % 2 === 1) open = !open;
  if (opens > closes) open = true;
  else if (closes > opens) open = false;
  const first = sentence.charCodeAt(0);
  const startsWithQuote = first === 34 || first === 0x201c || first === 0xab || first === 0x2018 || first === 39;
  const hasQuote = straight > 0 || opens > 0 || closes > 0 || first === 0x2018;
  return { open, opensQuote: !wasOpen && open, closesQuote: wasOpen && !open, startsWithQuote, hasQuote };
}

interface Word {
  text: string;
  start: number;
  end: number;
}

/** Abbreviations whose full stop is part of the word: initials, honorifics, company suffixes. */
const KEEP_DOT = /^(?:\p{Lu}|Dr|Mr|Mrs|Ms|Prof|Sen|Gov|Rep|St|Jr|Sr|Lt|Col|Gen|Capt|Co|Inc|Corp|Bros|Cllr)$/u;

/** Runs of two or more capitalised words, allowing "of", "for" and "and" between them. */
const CAPITAL_RUN_ASCII = /\b[A-Z][A-Za-z'’-]*\.?(?:\s+(?:(?:of|for|and)\s+)?[A-Z][A-Za-z'’-]*\.?)+/g;
const CAPITAL_RUN_UNICODE = /(?<![\p{L}])\p{Lu}[\p{L}'’-]*\.?(?:\s+(?:(?:of|for|and)\s+)?\p{Lu}[\p{L}'’-]*\.?)+/gu;
/**
 * Characters the ASCII patterns cannot read: anything outside ASCII except punctuation, spaces and
 * currency signs. Curly quotes and dashes are everywhere in news text and need no Unicode pattern.
 */
const NON_ASCII = /[^\x00-\x7f\u00a0-\u00bf\u2000-\u206f\u20a0-\u20bf]/;
const WORD_ASCII = /[A-Za-z0-9&][A-Za-z0-9'’.&-]*/g;
const WORD_UNICODE = /[\p{L}\p{N}&][\p{L}\p{N}'’.&-]*/gu;

function wordsOf(s: string): Word[] {
  const out: Word[] = [];
  // Most news text is ASCII; the ASCII pattern is several times faster than the Unicode one.
  const re = NON_ASCII.test(s) ? WORD_UNICODE : WORD_ASCII;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    let raw = m[0];
    if (raw.endsWith("'s") || raw.endsWith('’s')) raw = raw.slice(0, -2);
    else if (raw.endsWith("'") || raw.endsWith('’')) raw = raw.slice(0, -1);
    if (raw.endsWith('.') && !KEEP_DOT.test(raw.slice(0, -1))) raw = raw.slice(0, -1);
    if (raw.length > 0) out.push({ text: raw, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** "The regional health board" -> "the regional health board": a description, not a name. */
const lowerArticle = (phrase: string): string => phrase.replace(/^(?:The|Its|Their)\b/, (a) => a.toLowerCase());

/** A word without a possessive or a sentence's full stop ("Authority." -> "Authority", "Co." stays). */
function cleanWord(w: string): string {
  const bare = w.replace(/[’']s$/, '');
  return bare.endsWith('.') && !KEEP_DOT.test(bare.slice(0, -1)) ? bare.slice(0, -1) : bare;
}

/** Lower case without a final full stop: how a word is looked up in the lists above. */
const key = (w: string): string => (w.endsWith('.') ? w.slice(0, -1) : w).toLowerCase();
const isNameToken = (w: string): boolean => NAME_TOKEN.test(w);
/** A comma, semicolon or bracket between two words ends a name ("Mary Ramsay, Director of ..."). */
const gapBreaks = (s: string, from: number, to: number): boolean => /[,;:()\u2013\u2014"“”]/.test(s.slice(from, to));

/** First words of capitalised runs that are places, parties or labels rather than people. */
const NOT_FIRST_NAMES = new Set([
  'new', 'north', 'south', 'east', 'west', 'northern', 'southern', 'eastern', 'western', 'united', 'liberal', 'labour',
  'democrat', 'democratic', 'republican', 'conservative', 'green', 'band', 'chinese', 'american', 'british', 'european',
  'national', 'federal', 'royal', 'great', 'greater', 'upper', 'lower', 'central', 'saint', 'st', 'los', 'las', 'san',
  'santa', 'hong', 'el', 'middle', 'prime', 'supreme', 'high', 'black', 'white', 'red', 'blue', 'world', 'covid',
]);
/** Two or three capitalised words, not a place or label: "Ruth Adams", "Mary Ann Lee". */
function looksLikePerson(name: string): boolean {
  const words = name.split(' ');
  if (words.length < 2 || words.length > 3) return false;
  if (NOT_FIRST_NAMES.has(key(words[0] ?? ''))) return false;
  return words.every((w) => /^\p{Lu}\p{Ll}/u.test(w) || /^\p{Lu}\.$/u.test(w));
}

interface RunInfo {
  person: string | null;
  org: string | null;
}
const AND_SPLIT = /\s+and\s+/;
const SPACES = /\s+/;

interface Organisation {
  name: string;
  lower: string;
}

export class SpeakerTracker {
  /** Full names by full name, surname and given name: "Doe said" -> "Jane Doe". */
  private readonly people = new Map<string, string>();
  private readonly bySurname = new Map<string, string>();
  private readonly byGiven = new Map<string, string>();
  private readonly orgs: Organisation[] = [];
  private lastPerson: string | null = null;
  /** Capitalised runs already seen, as written, with what they name. */
  private readonly runs = new Map<string, RunInfo>();
  private lastOrg: string | null = null;

  /** The speaker a sentence names, if any. */
  speakerOf(sentence: string): string | null {
    if (sentence.length > 3000) return null;
    VERB_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = VERB_RE.exec(sentence)) !== null) {
      const verbStart = m.index;
      const verbEnd = m.index + m[0].length;
      const found = m[0] === 'words of'
        ? this.nameAfter(sentence.slice(verbEnd, verbEnd + 160))
        : m[0] === 'according to' || m[0] === 'According to'
        ? this.accordingTo(sentence.slice(verbEnd, verbEnd + 160), sentence.slice(0, verbStart))
        : (this.nameBefore(sentence.slice(Math.max(0, verbStart - 200), verbStart), true) ?? this.nameAfter(sentence.slice(verbEnd, verbEnd + 160)));
      if (found) return found;
    }
    return null;
  }

  /** Remembers people and organisations named in a sentence even when they do not speak in it. */
  observe(sentence: string, speaker: string | null = null): void {
    if (sentence.length > 3000) return;
    const before = this.lastPerson;
    const runs = NON_ASCII.test(sentence) ? CAPITAL_RUN_UNICODE : CAPITAL_RUN_ASCII;
    runs.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = runs.exec(sentence)) !== null) {
      // Articles repeat their names: a run met before costs one map lookup.
      const raw = m[0];
      let seen = this.runs.get(raw);
      if (seen === undefined) {
        seen = this.learn(raw);
        this.runs.set(raw, seen);
      } else if (seen.org) {
        this.noteOrg(seen.org);
      }
      if (seen.person) this.lastPerson = seen.person;
    }
    // The speaker of the sentence is who a following "he" or "she" most likely means.
    if (speaker && speaker === before) this.lastPerson = speaker;
  }

  /** Registers the names in a capitalised run met for the first time; says which person or organisation it names. */
  private learn(raw: string): RunInfo {
    let person: string | null = null;
    let org: string | null = null;
    // "Shanghai and New York": "and" joins two names, not one.
    for (const part of raw.split(AND_SPLIT)) {
      const words = part.split(SPACES).map(cleanWord);
      while (words.length > 0 && NOT_NAMES.has(key(words[0] ?? ''))) words.shift();
      if (words.length < 2) continue;
      const name = this.canonical(words, false);
      if (!name) continue;
      // "Dr. Ruth Adams, an economist, disagreed. ... she said": pronouns refer to the last person named.
      if (this.people.has(name)) {
        if (looksLikePerson(name)) person = name;
      } else org = name;
    }
    return { person, org };
  }

  /** The subject just before a speech verb: "Jane Doe said", "Cllr Jane Doe, who leads ..., said". */
  private nameBefore(before: string, adjacent: boolean): string | null {
    const trimmed = before.replace(/[\s,]+$/, '');
    const hadComma = /,\s*$/.test(before);
    const lastChar = trimmed.charAt(trimmed.length - 1);
    if (/["”’]/.test(lastChar)) {
      // A closing quote right before the verb: the speaker comes after it (`"...," said Doe`).
      const prev = trimmed.charAt(trimmed.length - 2);
      if (!/[\p{L}\p{N}]/u.test(prev) || lastChar !== '’') return null;
    }
    const words = wordsOf(trimmed);
    // Skip adverbs and auxiliaries between the subject and the verb: "Doe also said", "she has said".
    let end = words.length;
    while (end > 0 && /^(?:also|later|then|has|had|have|once|previously|repeatedly|again|recently|further|separately|privately|publicly|\p{L}+ly)$/iu.test(words[end - 1]?.text ?? '')) end -= 1;
    const last = words[end - 1];
    if (!last) return null;
    // The subject must touch the verb: nothing but spaces, commas of an appositive, or skipped words in between.
    if (adjacent && /[.;:!?]/.test(trimmed.slice(last.end))) return null;
    if (PRONOUN.test(last.text)) return this.lastPerson;
    if (/^it$/i.test(last.text) && end === 1) return this.lastOrg;

    // "Dr. Ruth Adams, an economist at Harbour University, said": the name before the appositive.
    if (hadComma) {
      const comma = trimmed.lastIndexOf(',');
      if (comma > 0) {
        const appositive = trimmed.slice(comma + 1).trim();
        if (/^(?:who|which|whose|a|an|the|one|his|her|its|their|\p{Ll})/u.test(appositive)) {
          const person = this.nameBefore(trimmed.slice(0, comma), false);
          if (person) return person;
        }
      }
    }

    let s = end - 1;
    while (s >= 0) {
      const w = words[s]?.text ?? '';
      const next = words[s + 1];
      if (next && s < end - 1 && gapBreaks(trimmed, words[s]?.end ?? 0, next.start)) break;
      if (isNameToken(w)) s -= 1;
      else if (CONNECTOR.test(w) && s > 0 && isNameToken(words[s - 1]?.text ?? '')) s -= 1;
      else break;
    }
    const run = words.slice(s + 1, end).map((w) => w.text);
    if (run.length > 0) {
      // "Alan Whitcomb of the Brookings Institution said": the person, not their organisation.
      const linker = words[s]?.text.toLowerCase();
      const linker2 = words[s - 1]?.text.toLowerCase();
      if (linker === 'the' && (linker2 === 'of' || linker2 === 'at' || linker2 === 'from')) {
        const person = this.nameBefore(trimmed.slice(0, words[s - 1]?.start ?? 0), false);
        if (person && person !== this.lastOrg) {
          this.canonical(run, false);
          return person;
        }
      }
      const resolved = this.canonical(run, true);
      if (resolved) return resolved;
    }
    const phraseStart = Math.max(0, end - 6);
    for (let k = phraseStart; k < end; k++) {
      const first = words[k];
      if (!first) continue;
      const phrase = trimmed.slice(first.start, last.end).replace(/[’']s$/, '');
      const described = this.describe(phrase, true);
      if (described !== undefined) return described;
    }
    return null;
  }

  /** The speaker named after a speech verb: "said Dr. Mary Ramsay", "said council leader Mark Ellison". */
  private nameAfter(after: string): string | null {
    const a = after.replace(/^[\s,:]+/, '');
    const described = this.describe(a, false);
    if (described !== undefined) return described;
    const words = wordsOf(a);
    const first = words[0];
    if (!first || first.start > 2) return null;
    if (PRONOUN.test(first.text)) return this.lastPerson;
    let i = 0;
    // "according to the Chartered Institute of ...": the article is not part of the name.
    if (/^the$/i.test(words[0]?.text ?? '')) i = 1;
    // Lower-case job descriptions before the name: "council leader", "health minister".
    while (i < words.length && i < 4 && /^\p{Ll}/u.test(words[i]?.text ?? '') && ROLES.has(key(words[i]?.text ?? ''))) i += 1;
    const run: string[] = [];
    for (let k = i; k < words.length && run.length < 7; k++) {
      const w = words[k];
      if (!w) break;
      const prev = words[k - 1];
      if (k > i && prev && gapBreaks(a, prev.end, w.start)) break;
      if (isNameToken(w.text) || (CONNECTOR.test(w.text) && run.length > 0 && isNameToken(words[k + 1]?.text ?? ''))) run.push(w.text);
      else break;
    }
    return run.length ? this.canonical(run, true) : null;
  }

  /** "according to X": a name, the publisher of the figures, or the institution a phrase stands for. */
  private accordingTo(after: string, before: string): string | null {
    const a = after.replace(/^[\s,:]+/, '');
    const published = PUBLISHED_BY.exec(a);
    if (published?.[1] && !/^(?:the|a|an)\s/i.test(a.slice(0, 1))) {
      const org = this.canonical(published[1].split(/\s+/).filter((w) => w.toLowerCase() !== 'the').map(cleanWord), false);
      if (org) return org;
    }
    const doc = DOCUMENT.exec(a);
    if (doc) {
      // "CFIUS reviewed 325 deals, according to its annual report": "its" is the subject named before.
      if (doc[1]) return this.organisationIn(before) ?? this.lastOrg;
      return null;
    }
    if (/^\p{Ll}/u.test(a) && !/^(?:the|its|their|officials|authorities)\b/i.test(a)) {
      // "according to council papers": a lower-case description stands as written.
      const phrase = /^[\p{Ll}-]+(?:\s+[\p{Ll}-]+){0,2}?(?=[,.;]|\s+(?:published|released|seen|obtained|compiled|from|by|on|in|at|for|which|that)\b|$)/u.exec(a);
      if (phrase && !ANONYMOUS_GROUP.test(phrase[0])) return phrase[0];
      return null;
    }
    return this.nameAfter(a);
  }

  /** The first organisation-like name in a stretch of text: an acronym ("CFIUS") or a run with an organisation word. */
  private organisationIn(text: string): string | null {
    for (const w of wordsOf(text)) {
      if (ACRONYM.test(w.text) && w.text.length >= 2 && !NOT_NAMES.has(w.text.toLowerCase())) return this.noteOrg(w.text);
    }
    return null;
  }

  /**
   * A description of a speaker. Returns undefined when the phrase is not one; null for groups that
   * cannot be named. Definite person descriptions refer back to the last person; institutions to the
   * last organisation whose name contains the same noun ("the agency" -> "UK Health Security Agency").
   */
  private describe(phrase: string, whole: boolean): string | null | undefined {
    const indefinite = INDEFINITE_PERSON.exec(phrase);
    if (indefinite && (!whole || indefinite[0].length === phrase.length)) return indefinite[0];
    const person = DEFINITE_PERSON.exec(phrase);
    if (person && (!whole || person[0].length === phrase.length)) return this.lastPerson ?? person[0];
    const inst = INSTITUTION.exec(phrase);
    if (inst && (!whole || inst[0].length === phrase.length)) {
      const noun = inst[1]?.toLowerCase();
      if (noun) {
        const synonyms = NOUN_SYNONYMS[noun] ?? [noun];
        for (let k = this.orgs.length - 1; k >= 0; k--) {
          const org = this.orgs[k];
          if (org && synonyms.some((syn) => org.lower.includes(syn))) return this.noteOrg(org.name);
        }
        return lowerArticle(inst[0]);
      }
      // "officials", "authorities": whoever the article last named.
      return this.lastOrg ?? lowerArticle(inst[0]);
    }
    const group = ANONYMOUS_GROUP.exec(phrase);
    if (group && (!whole || group[0].length >= phrase.length - 40)) return null;
    return undefined;
  }

  private noteOrg(name: string): string {
    this.lastOrg = name;
    const lower = name.toLowerCase();
    const last = this.orgs[this.orgs.length - 1];
    if (!last || last.name !== name) {
      const at = this.orgs.findIndex((o) => o.name === name);
      if (at >= 0) this.orgs.splice(at, 1);
      this.orgs.push({ name, lower });
    }
    return name;
  }

  /**
   * Reduces a capitalised run to a speaker's name: drops leading job titles, keeps an honorific only
   * when nothing but a surname is left, maps a surname to the full name met earlier, and keeps
   * organisations whole ("Harbour Link Co.").
   */
  private canonical(run: string[], speaking: boolean): string | null {
    let words = run;
    while (words.length > 0 && NOT_NAMES.has(key(words[0] ?? ''))) words = words.slice(1);
    if (words.length === 0) return null;
    // "Halima Osei of Northgate Polytechnic": a person's name followed by their organisation.
    const cut = words.indexOf('of');
    if (cut >= 2 && !words.slice(0, cut).some((w) => ORGANISATION.has(key(w)))) words = words.slice(0, cut);
    const isOrg = words.some((w) => ORGANISATION.has(key(w))) || (words.length === 1 && ACRONYM.test(words[0] ?? '') && (words[0]?.length ?? 0) >= 2);
    if (isOrg) {
      const name = words.join(' ');
      if (speaking) return this.noteOrg(name);
      this.noteOrg(name);
      return name;
    }
    let honorific: string | null = null;
    let i = 0;
    while (i < words.length - 1) {
      const k = key(words[i] ?? '');
      if (HONORIFICS.has(k)) honorific = words[i] ?? null;
      else if (!ROLES.has(k)) break;
      i += 1;
    }
    if (i > 0) words = words.slice(i);
    const firstWord = key(words[0] ?? '');
    if (words.length === 1 && (ROLES.has(firstWord) || HONORIFICS.has(firstWord))) return null;
    let name: string;
    if (words.length >= 2) {
      name = words.join(' ');
      if (!this.people.has(name)) {
        this.people.set(name, name);
        const surname = words[words.length - 1] ?? '';
        this.bySurname.set(/^(?:Jr\.?|Sr\.?|II|III)$/.test(surname) ? (words[words.length - 2] ?? surname) : surname, name);
        this.byGiven.set(words[0] ?? '', name);
      }
    } else {
      const single = words[0] ?? '';
      const match = this.bySurname.get(single) ?? (honorific ? undefined : this.byGiven.get(single));
      if (match) name = match;
      else name = honorific ? `${honorific} ${single}` : single;
    }
    if (speaking) this.lastPerson = name;
    return name;
  }
}

/** Nouns of generic institutional descriptions and the words that appear in the names they stand for. */
const NOUN_SYNONYMS: Record<string, string[]> = {
  company: ['company', ' co.', ' co', ' inc', ' corp', ' ltd', ' plc', ' group', ' holdings', ' llc'],
  firm: ['company', ' co.', ' co', ' inc', ' corp', ' ltd', ' plc', ' group', ' holdings', ' llc', ' partners'],
  agency: ['agency'],
  ministry: ['ministry'],
  department: ['department'],
  council: ['council'],
  authority: ['authority'],
  authorities: ['authority'],
  regulator: ['authority', 'commission', 'office', 'regulat'],
  watchdog: ['authority', 'commission', 'office', 'watchdog'],
  government: ['government'],
  bank: ['bank'],
  commission: ['commission'],
  committee: ['committee'],
  court: ['court'],
  police: ['police'],
  union: ['union'],
  group: ['group'],
  institute: ['institut'],
  organisation: ['organisation', 'organization'],
  organization: ['organisation', 'organization'],
  board: ['board'],
  office: ['office'],
  service: ['service'],
  hospital: ['hospital'],
  university: ['university'],
  charity: ['charity', 'trust', 'foundation'],
  party: ['party'],
  administration: ['administration'],
};
