/**
 * Speaker attribution for quoted and reported speech. The tracker walks the article's sentences in
 * order, remembers the people it has met, and names each speaker by the shortest form that still
 * identifies them (see CONTEXT.md, "speaker name rule").
 */

const SPEECH_VERBS = 'said|says|say|told|tells|added|adds|stated|states|claimed|claims|argued|argues|warned|warns|insisted|insists|explained|explains|noted|notes|wrote|writes|tweeted|posted|announced|announces|declared|declares|estimated|estimates|predicted|predicts|admitted|admits|acknowledged|confirmed|confirms|continued|replied|responded|asked|asks|stressed|stresses|emphasised|emphasized|recalled|suggested|suggests|testified|concluded|pointed out';
const VERB_RE = new RegExp(`\\b(?:${SPEECH_VERBS})\\b|\\baccording to\\b`, 'g');

/** Honorifics kept only when the surname alone would be all we had ("Dr. Smith"). */
const HONORIFICS = new Set(['dr', 'mr', 'mrs', 'ms', 'mx', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady', 'rev', 'fr']);
/** Job titles and descriptors that precede a name and are not part of it. */
const ROLES = new Set([
  'health', 'minister', 'president', 'prime', 'secretary', 'senator', 'sen', 'governor', 'gov', 'mayor', 'chief',
  'executive', 'director', 'judge', 'justice', 'general', 'gen', 'commissioner', 'chairman', 'chairwoman', 'chair',
  'spokesperson', 'spokesman', 'spokeswoman', 'foreign', 'finance', 'defence', 'defense', 'interior', 'education',
  'economy', 'trade', 'state', 'deputy', 'vice', 'police', 'inspector', 'detective', 'officer', 'ambassador',
  'representative', 'rep', 'lt', 'col', 'capt', 'sgt', 'coach', 'bishop', 'pope', 'king', 'queen', 'prince',
  'princess', 'chancellor', 'leader', 'opposition', 'labour', 'conservative', 'democratic', 'republican', 'democrat',
  'former', 'senior', 'ceo', 'cfo', 'economist', 'analyst', 'u.s.', 'us', 'uk', 'eu', 'un', 'environment',
  'environmental', 'energy', 'transport', 'housing', 'home', 'justice', 'attorney', 'home', 'party', 'union',
  'professor', 'researcher', 'scientist', 'epidemiologist', 'doctor', 'nurse', 'founder', 'co-founder', 'owner',
  'manager', 'head', 'minister,', 'white', 'house', 'press', 'agriculture', 'climate', 'science', 'technology',
]);
/** Capitalised words that open sentences but are not speakers. */
const NOT_NAMES = new Set([
  'the', 'a', 'an', 'it', 'this', 'that', 'these', 'those', 'there', 'they', 'we', 'i', 'you', 'he', 'she', 'but',
  'and', 'or', 'so', 'in', 'on', 'at', 'as', 'when', 'while', 'if', 'after', 'before', 'then', 'also', 'however',
  'officials', 'experts', 'critics', 'analysts', 'residents', 'people', 'some', 'many', 'others', 'both',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'yesterday', 'today',
]);
/** Definite descriptions that refer back to a person already named: "the official added". */
const DESCRIPTION = /^(?:the|a|an)\s+(?:[a-z-]+\s+){0,2}(?:official|minister|spokesman|spokeswoman|spokesperson|president|senator|governor|mayor|chief|director|executive|lawyer|researcher|scientist|professor|doctor|economist|analyst|source|officer|diplomat|ambassador|mp|lawmaker|leader|candidate|judge|chairman|chairwoman|manager|statement|report|study|agency|ministry|company|government|department)\b/i;
const PRONOUN = /^(?:he|she)$/i;

const ORGANISATION = /^(?:University|College|Authority|Council|Commerce|Ministry|Department|Agency|Party|Times|Post|News|Media|Co|Inc|Corp|Ltd|Bank|Group|Institute|Foundation|Association|Commission|Committee|Court|Police|Service|Office|Board|Union|Company|Government|Parliament|Congress|Senate|Guard|Army|Navy|Coast|Airlines|Hospital|School|Centre|Center|Port|Harbour|City|Club|Fund|Organisation|Organization|Reuters|Press)$/;
/** Small words inside organisation names: "Chamber of Commerce". */
const CONNECTOR = /^(?:of|for|and)$/;
const NAME_TOKEN = /^(?:\p{Lu}[\p{L}'’-]*\.?|\p{Lu}\.|de|van|von|der|den|al|bin|da|di|du|la|le|del|dos|el)$/u;

interface Person {
  full: string;
  words: string[];
}

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

const OPEN_MARKS = /[“‘«]/g;
const CLOSE_MARKS = /[”’»]/g;

/** Counts quotation marks to see whether a quote stays open across the sentence boundary. */
export function quoteBalance(sentence: string, wasOpen: boolean): SentenceSpeech & { open: boolean } {
  const straight = (sentence.match(/"|''|``/g) ?? []).length;
  const opens = (sentence.match(OPEN_MARKS) ?? []).filter((m) => m === '“' || m === '«').length;
  const closes = (sentence.match(CLOSE_MARKS) ?? []).filter((m) => m === '”' || m === '»').length;
  let open = wasOpen;
  if (straight % 2 === 1) open = !open;
  if (opens > closes) open = true;
  else if (closes > opens) open = false;
  const startsWithQuote = /^["“«‘']/.test(sentence);
  const hasQuote = straight > 0 || opens > 0 || closes > 0;
  return { open, opensQuote: !wasOpen && open, closesQuote: wasOpen && !open, startsWithQuote, hasQuote };
}

interface Word {
  text: string;
  start: number;
}

const KEEP_DOT = /^(?:\p{Lu}|Dr|Mr|Mrs|Ms|Prof|Sen|Gov|Rep|St|Jr|Sr|Lt|Col|Gen|Capt)$/u;

/** Runs of two or more capitalised words, allowing "of", "for" and "and" between them. */
const CAPITAL_RUN_ASCII = /\b[A-Z][A-Za-z'’-]*\.?(?:\s+(?:(?:of|for|and)\s+)?[A-Z][A-Za-z'’-]*\.?)+/g;
const CAPITAL_RUN_UNICODE = /(?<![\p{L}])\p{Lu}[\p{L}'’-]*\.?(?:\s+(?:(?:of|for|and)\s+)?\p{Lu}[\p{L}'’-]*\.?)+/gu;
const NON_ASCII = /[^\x00-\x7f]/;

function wordsOf(s: string): Word[] {
  const out: Word[] = [];
  // Most news text is ASCII; the ASCII pattern is several times faster than the Unicode one.
  const re = NON_ASCII.test(s) ? /[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu : /[A-Za-z0-9][A-Za-z0-9'’.-]*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    let raw = m[0].replace(/[’']s$/, '');
    if (raw.endsWith('.') && !KEEP_DOT.test(raw.slice(0, -1))) raw = raw.slice(0, -1);
    out.push({ text: raw, start: m.index });
  }
  return out;
}

const INSTITUTION = /(?:statement|report|study|agency|ministry|company|government|department|source)$/i;

/** A description either refers back to the last person named or, for institutions, stands as written. */
function describe(phrase: string, lastPerson: string | null): string {
  const p = phrase.toLowerCase();
  if (INSTITUTION.test(p)) return p;
  return lastPerson ?? p;
}

export class SpeakerTracker {
  private readonly people: Person[] = [];
  private lastPerson: string | null = null;

  /** The speaker a sentence names, if any. */
  speakerOf(sentence: string): string | null {
    if (sentence.length > 3000) return null;
    VERB_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = VERB_RE.exec(sentence)) !== null) {
      const verbStart = m.index;
      const verbEnd = m.index + m[0].length;
      const found = m[0] === 'according to'
        ? this.nameAfter(sentence.slice(verbEnd, verbEnd + 120))
        : (this.nameBefore(sentence.slice(Math.max(0, verbStart - 160), verbStart)) ?? this.nameAfter(sentence.slice(verbEnd, verbEnd + 120)));
      if (found) return found;
    }
    return null;
  }

  /** Remembers people named in a sentence even when they do not speak in it. */
  observe(sentence: string): void {
    if (sentence.length > 3000) return;
    const runs = NON_ASCII.test(sentence) ? CAPITAL_RUN_UNICODE : CAPITAL_RUN_ASCII;
    runs.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = runs.exec(sentence)) !== null) {
      const run = wordsOf(m[0]).map((w) => w.text).filter((w, i) => i > 0 || !NOT_NAMES.has(w.toLowerCase()));
      if (run.length >= 2) this.canonical(run, true);
    }
  }

  private nameBefore(before: string): string | null {
    const trimmed = before.replace(/[\s,]+$/, '');
    if (/["”’]$/.test(before.trim()) && !/\w/.test(trimmed.slice(-1))) return null;
    const words = wordsOf(trimmed);
    // Skip adverbs and auxiliaries between the subject and the verb: "Doe also said", "she has said".
    let end = words.length;
    while (end > 0 && /^(?:also|later|then|has|had|have|once|previously|repeatedly|again|recently|further|\p{L}+ly)$/iu.test(words[end - 1]?.text ?? '')) end -= 1;
    const last = words[end - 1];
    if (!last) return null;
    // The subject must touch the verb: nothing but spaces, commas of an appositive, or skipped words in between.
    const tail = trimmed.slice(last.start + last.text.length);
    if (/[.;:!?]/.test(tail)) return null;
    if (PRONOUN.test(last.text)) return this.lastPerson;
    let s = end - 1;
    while (s >= 0 && (NAME_TOKEN.test(words[s]?.text ?? '') || (CONNECTOR.test(words[s]?.text ?? '') && s > 0 && NAME_TOKEN.test(words[s - 1]?.text ?? '')))) s -= 1;
    const nameWords = words.slice(s + 1, end).map((w) => w.text);
    if (nameWords.length > 0) {
      const resolved = this.canonical(nameWords, true);
      if (resolved) return resolved;
    }
    const phraseStart = Math.max(0, end - 4);
    for (let k = phraseStart; k < end; k++) {
      const phrase = words.slice(k, end).map((w) => w.text).join(' ');
      if (DESCRIPTION.exec(phrase)?.[0].length === phrase.length) return describe(phrase, this.lastPerson);
    }
    return null;
  }

  private nameAfter(after: string): string | null {
    const a = after.replace(/^[\s,]+/, '');
    const desc = DESCRIPTION.exec(a);
    if (desc) return describe(desc[0], this.lastPerson);
    const words = wordsOf(a);
    const first = words[0];
    if (!first || first.start > 2) return null;
    if (PRONOUN.test(first.text)) return this.lastPerson;
    const nameWords: string[] = [];
    for (const w of words) {
      if (NAME_TOKEN.test(w.text) && nameWords.length < 6) nameWords.push(w.text);
      else break;
    }
    return nameWords.length ? this.canonical(nameWords, true) : null;
  }

  /**
   * Reduces a capitalised run to a person's name: drops leading job titles, keeps an honorific only
   * when nothing but a surname is left, and maps a surname to the full name met earlier.
   */
  private canonical(run: string[], speaking: boolean): string | null {
    let words = run.filter((w) => w.length > 0);
    while (words.length > 1 && ROLES.has((words[0] ?? '').toLowerCase())) words = words.slice(1);
    let honorific: string | null = null;
    while (words.length > 1 && HONORIFICS.has((words[0] ?? '').toLowerCase().replace(/\.$/, ''))) {
      honorific = words[0] ?? null;
      words = words.slice(1);
    }
    while (words.length > 1 && ROLES.has((words[0] ?? '').toLowerCase())) words = words.slice(1);
    // "Halima Osei of Northgate Polytechnic": a person's name followed by their organisation.
    const cut = words.findIndex((w) => CONNECTOR.test(w));
    if (cut >= 2 && !words.slice(0, cut).some((w) => ORGANISATION.test(w))) words = words.slice(0, cut);
    if (words.length === 0) return null;
    const firstWord = (words[0] ?? '').toLowerCase();
    if (words.length === 1 && (NOT_NAMES.has(firstWord) || ROLES.has(firstWord) || HONORIFICS.has(firstWord.replace(/\.$/, '')))) return null;
    let name: string;
    if (words.length >= 2) {
      name = words.join(' ');
      if (!this.people.some((p) => p.full === name)) this.people.push({ full: name, words });
    } else {
      const surname = words[0] ?? '';
      const match = [...this.people].reverse().find((p) => p.words[p.words.length - 1] === surname || p.words[0] === surname);
      if (match) name = match.full;
      else name = honorific ? `${honorific} ${surname}` : surname;
    }
    // Pronouns refer to people, so organisations never become the last person.
    if (speaking && !words.some((w) => ORGANISATION.test(w) || CONNECTOR.test(w))) this.lastPerson = name;
    return name;
  }
}
