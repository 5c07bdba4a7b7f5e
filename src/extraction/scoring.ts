/**
 * Check-worthiness: a transparent weighted sum of surface features. Each feature that fires adds its
 * weight and a reason a reviewer can read; the sum starts from BASE and is clamped to 0..1. Weights
 * are listed in CONTEXT.md.
 *
 * Speed: every sentence of every article comes through here, so a sentence is lower-cased once and
 * walked once. The walk counts words, notes digits and capitals, and looks each word up in one map
 * of cue bits; the multi-word patterns run only when a cue word or a digit says they can match.
 */
import type { ClaimType } from '../storage/records.js';

export interface Assessment {
  score: number;
  type: ClaimType;
  reasons: string[];
}

export const BASE = 0.3;
/** Questions, greetings, lead-ins and first-person opinions never reach the check-worthy threshold. */
export const NON_CLAIM_CAP = 0.4;

const WEIGHTS = {
  quantity: 0.25,
  comparison: 0.1,
  date: 0.1,
  source: 0.1,
  causal: 0.15,
  prediction: 0.1,
  law: 0.15,
  entity: 0.1,
  declarative: 0.15,
  speaker: 0.05,
  question: -0.4,
  greeting: -0.4,
  firstPersonOpinion: -0.35,
  opinion: -0.15,
  hedged: -0.1,
  tooShort: -0.3,
  leadIn: -0.3,
  vague: -0.15,
} as const;

const QUANTITY = /(?:[$£€¥]\s?\d[\d,.]*\s?(?:bn|m|k|tn|billion|million|trillion|thousand)?|\d[\d,.]*\s?(?:%|per ?cent|percent|percentage points?)|\b\d[\d,.]*\s?(?:bn|billion|million|trillion|thousand|hundred|people|cases|deaths|votes|jobs|tonnes|tons|km|miles|kg|years?|times)\b|\b\d+(?:\.\d+)?p\b|\b\d{1,3}(?:,\d{3})+\b|\b\d+\.\d+\b)/i;
/** Quantities written in words: "doubled", "two-thirds", "dozens". */
const QUANTITY_WORDS = /\b(?:doubled|tripled|halved|quadrupled|twice|half|a third|two-thirds|one in (?:two|three|four|five|ten)|dozens|hundreds|thousands|millions|billions)\b/i;
/** "Two similar deals", "twelve new schools": a number word counting a plural noun. */
const COUNTED = /\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen)\s+(?:[a-z-]+\s+)?[a-z]{2,}s\b/i;
/** A ranking: "the fourth-busiest port", "the 3rd largest". */
const RANKING = /\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))[- ](?:[a-z]+est|most|least|largest|biggest)\b/i;
/** Plain counts: every number that is not a year, a time of day, a date or a list number. */
const BARE_NUMBER = /\d+/g;
const MONTH = /\b(?:jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}\b|\b\d{1,2}\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)\b/i;
const DATE = /\b(?:1[89]\d\d|20\d\d)s?\b|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|last (?:year|month|week|decade)|this (?:year|month|week)|since \d{4}|in the (?:first|second|third|fourth) quarter)\b/i;
const SOURCE = /\baccording to\b|\b(?:study|studies|report|survey|poll|census|data|statistics|figures|analysis|research|researchers|audit|investigation)\b(?:\s+\w+){0,3}\s+(?:by|from|published|released|shows?|showed|found|finds|suggests?)\b|\b(?:ministry|department|agency|office|bureau|institute|university|commission|court|police|who|imf|oecd|ons|cdc|un|eu|nhs|fbi|index)\b.{0,40}\b(?:said|says|reported|published|found|shows?|showed|estimated)\b/i;
const PROPER = /[\p{Ll}\p{N},;:]\s+(?:\p{Lu}\p{Ll}+|\p{Lu}{2,}|\p{Lu}\.\p{Lu})/u;
const CAUSAL_PHRASE = /\b(?:leads? to|led to|results? in|resulted in|as a result of|due to|linked to|responsible for|contribut(?:e|es|ed) to|driven by|dr(?:ove|ives?) (?:up|down)|thanks to)\b/i;
const PREDICTION_PHRASE = /\b(?:(?:is|are) (?:expected|set|likely|projected|forecast) to|by (?:20[3-9]\d|the end of)|next (?:year|month|week|decade)|going to|on (?:course|track) to)\b/i;
const GREETING = /^["“'‘]?(?:hi|hello|hey|greetings|thanks|thank you|good (?:morning|afternoon|evening|night)|welcome|dear \w+|congratulations|happy (?:birthday|new year|holidays))\b/i;
const FIRST_PERSON_OPINION = /\b(?:i|we) (?:really |strongly |personally |honestly |just |simply |still |genuinely |firmly )?(?:(?:don['’]t|do not|can['’]t|cannot|no longer) )?(?:think|believe|feel|guess|hope|reckon|suppose|love|hate|like|prefer|wish|want|trust|doubt|expect|fear|worry|agree|disagree)\b|\bin (?:my|our) (?:opinion|view|experience)\b|\b(?:i'm|i’m|i am|we're|we’re|we are) (?:not )?(?:sure|convinced|certain|proud|delighted|glad|sad|disappointed|worried|confident|afraid|pleased|appalled|saddened|thrilled)\b|\bpersonally\b|\bas far as i(?:'m| am)? (?:concerned|know)\b|\b(?:we|i) (?:cannot|can['’]t|must|should|need to|have to|are not going to|aren['’]t going to|will not|won['’]t) (?:not )?(?:let|allow|accept|tolerate|stand by)\b/i;
const FIRST_PERSON_STORY = /^["“'‘]?(?:(?:when|after|before|as|then|and|but|so)\s+)?(?:i|we)\s+(?:was|were|had|have|went|saw|met|lost|got|grew|lived|worked|spent|remember|came|left|found|did|used to)\b|\bmy (?:mother|father|son|daughter|family|wife|husband|home|house|job|doctor|child|children)\b/i;
/** "Those were the words of Priya Shah": a sentence that only says who spoke. */
const ATTRIBUTION_ONLY = /^(?:those|these|that|this|such) (?:were|was|are|is) (?:the )?(?:words|comments|remarks|view|verdict|message) of\b/i;

/**
 * The last character that is not a space, closing quote or bracket: "?" makes a question, ":" a line
 * that introduces what follows ("Key facts:", "Key changes in the budget:").
 */
function lastMark(s: string): number {
  for (let i = s.length - 1; i >= 0 && i >= s.length - 8; i--) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 34 && c !== 39 && c !== 41 && c !== 0x201d && c !== 0x2019) return c;
  }
  return 0;
}
/** A sentence about "it" or "this" that names nothing checkable: "It's as simple as that." */
const VAGUE_SUBJECT = /^["“'‘]?(?:it|it's|it’s|that|that's|that’s|this|this is|there's|there’s|they|these|those)\b/i;

const list = (words: string): readonly string[] => words.split(' ');
// One pass over the words sets a bit per cue list, instead of one pass per list.
export const CUE = {
  comparison: 1, causal: 2, prediction: 4, lawStrong: 8, lawWeak: 16, opinion: 32, hedge: 64, firstPerson: 128,
  source: 256, finite: 512, causalGate: 1024, predictionGate: 2048, dateGate: 4096, quantityWord: 8192, countWord: 16384,
  month: 32768, speech: 65536,
} as const;
const CUE_OF = new Map<string, number>();
for (const [bit, words] of [
  [CUE.comparison, list('more less fewer higher lower larger smaller bigger greater most least highest lowest largest biggest smallest fastest slowest busiest increase increased increases decrease decreased decreases rose risen rising fell fallen falling grew grown dropped decline declined jumped surged soared plunged doubled halved than compared record ranked outnumber outnumbers outnumbered equivalent')],
  [CUE.causal, list('cause causes caused causing because boost boosts boosted reduce reduces reduced prevent prevents prevented trigger triggers triggered fuels fueled fuelled blame blamed')],
  [CUE.prediction, list("will won't shall forecast forecasts predict predicts predicted projected expects")],
  [CUE.lawStrong, list('law laws act bill statute legislation constitution constitutional regulation regulations illegal illegally unlawful legally banned ban bans mandatory compulsory treaty directive prohibited')],
  [CUE.lawWeak, list('rule rules legal require requires required ruled ruling allowed permitted prohibit prohibits licence license entitled eligible')],
  [CUE.opinion, list('should ought best worst terrible wonderful great awful amazing disgrace disgraceful shameful beautiful ridiculous outrageous absurd sadly hopefully fortunately unfortunately brilliant horrible fantastic stupid')],
  [CUE.hedge, list('may might could perhaps possibly maybe reportedly allegedly apparently appear appears seem seems likely unlikely unclear suggest suggests rumored rumoured probably')],
  // Words without which the first-person and source patterns cannot match: they gate those patterns.
  [CUE.firstPerson, list("i we my our i'm i’m we're we’re personally")],
  [CUE.source, list('according study studies report survey poll census data statistics figures analysis research researchers audit investigation ministry department agency office bureau institute university commission court police who imf oecd ons cdc un eu nhs fbi index')],
  [CUE.finite, list('is are was were has have had will does did do can cannot won lost says said shows show showed found reached')],
  [CUE.causalGate, list('lead leads led result results resulted due linked responsible contribute contributes contributed driven drove drives drive thanks')],
  [CUE.predictionGate, list('expected set likely projected forecast next going course track end')],
  [CUE.dateGate, list('monday tuesday wednesday thursday friday saturday sunday yesterday last this since quarter')],
  [CUE.quantityWord, list('doubled tripled halved quadrupled twice half third two-thirds one dozens hundreds thousands millions billions')],
  [CUE.month, list('jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov november dec december')],
  // Speech verbs: the speaker lookup runs only on sentences that have one.
  [CUE.speech, list('said says say told tells added adds stated states claimed claims argued argues warned warns insisted insists explained explains noted notes wrote writes tweeted posted announced announces declared declares estimated estimates predicted predicts admitted admits acknowledged confirmed confirms continued replied responded asked asks stressed stresses emphasised emphasized recalled suggested suggests testified concluded pointed cautioned disputed maintained countered conceded revealed reported according words speaking')],
  [CUE.countWord, list('two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty seventy eighty ninety hundred dozen second third fourth fifth sixth seventh eighth ninth tenth')],
] as const) {
  for (const w of words) CUE_OF.set(w, (CUE_OF.get(w) ?? 0) | bit);
}

/** Lower-case code of an ASCII letter; other characters (apostrophes, hyphens) as they are. */
const fold = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);
const isWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 39 || c === 0x2019 || c === 45;
const hashStep = (h: number, c: number): number => (Math.imul(h, 31) + c) | 0;

/**
 * Cue words by a hash of their lower-case letters. The scanner hashes each word of the sentence as it
 * reads it, so no word is cut out of the sentence or lower-cased just to be looked up; a hash hit is
 * confirmed letter by letter.
 */
const CUE_BY_HASH = new Map<number, { word: string; bits: number }[]>();
for (const [word, bits] of CUE_OF) {
  let h = 0;
  for (let k = 0; k < word.length; k++) h = hashStep(h, word.charCodeAt(k));
  const bucket = CUE_BY_HASH.get(h) ?? [];
  bucket.push({ word, bits });
  CUE_BY_HASH.set(h, bucket);
}

/**
 * Which (first letter, last letter, length) triples some cue word has. Most words of a sentence
 * ("the", "and", "council") miss here and skip the hash lookup.
 */
const CUE_SHAPES = new Uint8Array(26 * 26 * 16);
const shapeOf = (first: number, last: number, length: number): number => ((first - 97) * 26 + (last - 97)) * 16 + length;
for (const w of CUE_OF.keys()) {
  const first = w.charCodeAt(0);
  const last = w.charCodeAt(w.length - 1);
  if (w.length < 16 && first >= 97 && first <= 122 && last >= 97 && last <= 122) CUE_SHAPES[shapeOf(first, last, w.length)] = 1;
  else throw new Error(`cue word outside the shape table: ${w}`);
}

function cueBits(s: string, start: number, end: number, h: number): number {
  const last = fold(s.charCodeAt(end - 1));
  if (last < 97 || last > 122 || CUE_SHAPES[shapeOf(s.charCodeAt(start) | 32, last, end - start)] !== 1) return 0;
  const bucket = CUE_BY_HASH.get(h);
  if (!bucket) return 0;
  for (const entry of bucket) {
    if (entry.word.length !== end - start) continue;
    let k = 0;
    while (k < entry.word.length && fold(s.charCodeAt(start + k)) === entry.word.charCodeAt(k)) k += 1;
    if (k === entry.word.length) return entry.bits;
  }
  return 0;
}

export interface Scan {
  words: number;
  cues: number;
  digit: boolean;
  alnum: boolean;
  /** A capitalised word after a lower-case word, digit or comma: a name rather than a sentence start. */
  properNoun: boolean;
  /** Two capitalised words in a row ("Jane Doe"): the sentence may name someone. */
  capitalPair: boolean;
  /** Quotation marks, counted for the quote tracking in extract.ts: straight ("), opening (“ «), closing (” »). */
  straightQuotes: number;
  openingQuotes: number;
  closingQuotes: number;
}

const isAsciiLowerOrDigit = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
/** Punctuation, spaces and currency outside ASCII (curly quotes, dashes, "£"): they carry no letters. */
const isWideSymbol = (c: number): boolean => (c >= 0xa0 && c <= 0xbf) || (c >= 0x2000 && c <= 0x206f) || (c >= 0x20a0 && c <= 0x20bf);

/** One walk over the sentence: word count, digits, capitalised names, and the cue bits of every word. */
export function scanSentence(s: string): Scan {
  let words = 0;
  let capitalPair = false;
  let previousCapital = false;
  let straightQuotes = 0;
  let openingQuotes = 0;
  let closingQuotes = 0;
  let inWord = false;
  let cues = 0;
  let digit = false;
  let alnum = false;
  let wideLetters = false;
  let properNoun = false;
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13;
    if (!space && !inWord) words += 1;
    inWord = !space;
    const upper = c >= 65 && c <= 90;
    if (upper || (c >= 97 && c <= 122)) {
      alnum = true;
      if (upper && !properNoun && i >= 2 && s.charCodeAt(i - 1) === 32) {
        // A capital after a lower-case word, digit or comma: a name, not a sentence start.
        const b = s.charCodeAt(i - 2);
        const a = s.charCodeAt(i + 1);
        if ((isAsciiLowerOrDigit(b) || b === 44 || b === 59 || b === 58) && ((a >= 97 && a <= 122) || (a >= 65 && a <= 90) || a === 46)) properNoun = true;
      }
      if (upper && previousCapital && !capitalPair) capitalPair = true;
      previousCapital = upper;
      let h = hashStep(0, c | 32);
      let j = i + 1;
      // "third-largest", "two-year": the part before the first hyphen is a word of its own too.
      let hyphen = -1;
      let hyphenHash = 0;
      for (; j < n; j++) {
        const d = s.charCodeAt(j);
        // "word''": a doubled apostrophe closes a quotation, it is not part of the word.
        if (!isWordChar(d) || (d === 39 && s.charCodeAt(j + 1) === 39)) break;
        if (d === 45 && hyphen < 0) {
          hyphen = j;
          hyphenHash = h;
        }
        h = hashStep(h, fold(d));
      }
      const len = j - i;
      if (len < 16) cues |= cueBits(s, i, j, h);
      if (hyphen > i) cues |= cueBits(s, i, hyphen, hyphenHash);
      // Past tenses and third-person verbs ("rose", "handled", "raises") make a finite clause.
      if ((cues & CUE.finite) === 0 && len >= 4) {
        const last = s.charCodeAt(j - 1) | 32;
        const before = s.charCodeAt(j - 2) | 32;
        if ((last === 115 && before !== 115) || (len >= 5 && last === 100 && before === 101)) cues |= CUE.finite;
      }
      i = j;
      continue;
    }
    if (c >= 48 && c <= 57) {
      digit = alnum = true;
      previousCapital = false;
    } else if (c === 34) {
      straightQuotes += 1;
      previousCapital = false;
    } else if ((c === 39 || c === 96) && s.charCodeAt(i + 1) === c) {
      straightQuotes += 1;
      previousCapital = false;
      i += 1;
    } else if (c === 0x201c || c === 0xab) {
      openingQuotes += 1;
      previousCapital = false;
    } else if (c === 0x201d || c === 0xbb) {
      closingQuotes += 1;
      previousCapital = false;
    } else if (c > 127 && !isWideSymbol(c)) {
      wideLetters = previousCapital = capitalPair = true;
    } else if (c !== 32 && c !== 46 && c !== 39 && c !== 0x2019) previousCapital = false;
    i += 1;
  }
  if (wideLetters) {
    if (!alnum) alnum = /[\p{L}\p{N}]/u.test(s);
    // Non-ASCII capitals ("Łódź", "Ørsted"): the Unicode pattern decides.
    if (!properNoun) properNoun = PROPER.test(s);
  }
  return { words, cues, digit, alnum, properNoun, capitalPair, straightQuotes, openingQuotes, closingQuotes };
}

/**
 * A number that counts something: not a year ("2024"), a time ("5 p.m.", "6:02"), a day of a month
 * ("Jan. 14", "3 March"), or a list or reference number ("No. 5").
 */
const MONTH_NAME = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const YEAR = /^(?:1[89]|20)\d\d$/;
const YEAR_COUNTS = /^(?:,\d|\s*(?:people|cases|jobs|votes|homes|deaths|students|patients|staff|workers))/i;
const TIME_AFTER = /^(?:[:.]\d|\s*(?:a\.?m\b|p\.?m\b|gmt|bst|et\b|(?:st|nd|rd|th)\b))/i;
const MONTH_AFTER = new RegExp(`^\\s*${MONTH_NAME}\\b`, 'i');
const LABEL_BEFORE = new RegExp(`${MONTH_NAME}\\.?\\s*$|\\b(?:no|nos|p|pp|art|sec|ch|vol|rule|section|article|route|page|room|flight|version|clause|tier|band|level|grade|year|stage|phase|covid|mp)\\.?\\s*$|[\\d.,-]$`, 'i');

function countingNumber(s: string): string | null {
  BARE_NUMBER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BARE_NUMBER.exec(s)) !== null) {
    const value = m[0];
    const at = m.index;
    const after = s.slice(at + value.length, at + value.length + 12);
    if (YEAR.test(value) && !YEAR_COUNTS.test(after)) continue;
    if (TIME_AFTER.test(after) || MONTH_AFTER.test(after)) continue;
    if (LABEL_BEFORE.test(s.slice(Math.max(0, at - 10), at))) continue;
    return value;
  }
  return null;
}

function quantityOf(s: string, scanned: Scan): string | null {
  if (scanned.digit) {
    const m = QUANTITY.exec(s);
    if (m) return m[0].trim();
    const n = countingNumber(s);
    if (n) return n;
  }
  if (scanned.cues & CUE.quantityWord) {
    const m = QUANTITY_WORDS.exec(s);
    if (m) return m[0];
  }
  if (scanned.cues & CUE.countWord) {
    const m = COUNTED.exec(s) ?? RANKING.exec(s);
    if (m) return m[0];
  }
  return null;
}

/** Scores one sentence. `speaker` is whoever the sentence is attributed to (or null). */
export function assess(sentence: string, speaker: string | null, scanned: Scan | null = null): Assessment {
  // Long inputs are judged on their opening: features are about wording, not length.
  const original = sentence.length > 2000 ? sentence.slice(0, 2000) : sentence;
  // No lower-cased copy: toLowerCase on text with curly quotes was the single biggest cost here.
  // The patterns carry the /i flag instead and only run when a cue word or a digit lets them match.
  const s = original;
  const facts = scanned && original === sentence ? scanned : scanSentence(s);
  const { cues } = facts;
  const words = facts.alnum ? facts.words : 0;
  const reasons: string[] = [];
  let score = BASE;

  const last = lastMark(s);
  const isQuestion = last === 63;
  const isGreeting = GREETING.test(s);
  const leadIn = last === 58 || ATTRIBUTION_ONLY.test(s);
  const firstPerson = (cues & CUE.firstPerson) !== 0;
  const firstPersonOpinion = firstPerson && FIRST_PERSON_OPINION.test(s);
  const opinion = !firstPersonOpinion && (cues & CUE.opinion) !== 0;
  const hedged = (cues & CUE.hedge) !== 0;
  const tooShort = words < 5;

  const quantity = quantityOf(s, facts);
  if (quantity) { score += WEIGHTS.quantity; reasons.push(`contains a quantity (${quantity.slice(0, 30)})`); }
  const comparison = (cues & CUE.comparison) !== 0;
  if (comparison) { score += WEIGHTS.comparison; reasons.push('makes a comparison'); }
  if ((facts.digit && (cues & CUE.month) !== 0 && MONTH.test(s)) || ((facts.digit || (cues & CUE.dateGate) !== 0) && DATE.test(s))) { score += WEIGHTS.date; reasons.push('mentions a date'); }
  if ((cues & CUE.source) !== 0 && SOURCE.test(s)) { score += WEIGHTS.source; reasons.push('cites a named source'); }
  const causal = (cues & CUE.causal) !== 0 || ((cues & CUE.causalGate) !== 0 && CAUSAL_PHRASE.test(s));
  if (causal) { score += WEIGHTS.causal; reasons.push('causal verb'); }
  const prediction = (cues & CUE.prediction) !== 0 || ((facts.digit || (cues & CUE.predictionGate) !== 0) && PREDICTION_PHRASE.test(s));
  if (prediction) { score += WEIGHTS.prediction; reasons.push('predicts'); }
  const law = (cues & (CUE.lawStrong | CUE.lawWeak)) !== 0;
  if (law) { score += WEIGHTS.law; reasons.push('refers to a law or rule'); }
  const entity = facts.properNoun;
  if (entity) { score += WEIGHTS.entity; reasons.push('names a person, place or organisation'); }
  const vague = !quantity && !comparison && !causal && !prediction && !law && !entity && reasons.length === 0 && VAGUE_SUBJECT.test(s);
  if (speaker) { score += WEIGHTS.speaker; reasons.push('attributed to a speaker'); }
  const declarative = !isQuestion && !isGreeting && !leadIn && !firstPersonOpinion && !opinion && !tooShort && (cues & CUE.finite) !== 0;
  if (declarative) { score += WEIGHTS.declarative; reasons.push('declarative statement'); }
  if (isQuestion) { score += WEIGHTS.question; reasons.push('question'); }
  if (isGreeting) { score += WEIGHTS.greeting; reasons.push('greeting'); }
  if (leadIn) { score += WEIGHTS.leadIn; reasons.push('introduces what follows'); }
  if (firstPersonOpinion) { score += WEIGHTS.firstPersonOpinion; reasons.push('first-person opinion'); }
  if (opinion) { score += WEIGHTS.opinion; reasons.push('opinion'); }
  if (hedged) { score += WEIGHTS.hedged; reasons.push('hedged'); }
  if (tooShort) { score += WEIGHTS.tooShort; reasons.push('too short'); }
  if (vague) { score += WEIGHTS.vague; reasons.push('names nothing specific'); }
  if (isQuestion || isGreeting || leadIn || firstPersonOpinion) score = Math.min(score, NON_CLAIM_CAP);
  score = Math.round(Math.min(1, Math.max(0, score)) * 100) / 100;

  // Full Fact's taxonomy; a stronger cue (prediction, causation, a statute) outranks a bare number.
  let type: ClaimType;
  if (isQuestion || isGreeting || leadIn || tooShort || firstPersonOpinion || words === 0) type = 'not_a_claim';
  else if (prediction) type = 'prediction';
  else if (causal) type = 'correlation_causation';
  else if (cues & CUE.lawStrong) type = 'law_rule';
  else if (quantity || (comparison && facts.digit)) type = 'quantity';
  else if (law) type = 'law_rule';
  else if (firstPerson && FIRST_PERSON_STORY.test(s)) type = 'personal_experience';
  else if ((opinion || vague) && score < 0.5) type = 'not_a_claim';
  else type = 'other';
  return { score, type, reasons };
}
