/**
 * Check-worthiness: a transparent weighted sum of surface features. Each feature that fires adds its
 * weight and a reason a reviewer can read; the sum starts from BASE and is clamped to 0..1. Weights
 * are listed in CONTEXT.md.
 */
import type { ClaimType } from '../storage/records.js';

export interface Assessment {
  score: number;
  type: ClaimType;
  reasons: string[];
}

interface Feature {
  weight: number;
  /** Returns the reason text when the feature fires, null otherwise. */
  test: (s: string, cues: number) => string | null;
}

export const BASE = 0.3;
/** Questions, greetings and first-person opinions never reach the check-worthy threshold. */
export const NON_CLAIM_CAP = 0.4;

const QUANTITY = /(?:[$£€¥]\s?\d[\d,.]*\s?(?:bn|m|k|tn|billion|million|trillion|thousand)?|\d[\d,.]*\s?(?:%|per ?cent|percent|percentage points?)|\b\d[\d,.]*\s?(?:bn|billion|million|trillion|thousand|hundred|people|cases|deaths|votes|jobs|tonnes|tons|km|miles|kg|years?|times)\b|\b(?:doubled|tripled|halved|quadrupled|twice|half|a third|two-thirds|one in (?:two|three|four|five|ten)|dozens|hundreds|thousands|millions|billions)\b|\b\d{1,3}(?:,\d{3})+\b|\b\d+\.\d+\b)/;
const MONTH = /\b(?:jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}\b|\b\d{1,2}\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)\b/;
const DATE = /\b(?:1[89]\d\d|20\d\d)s?\b|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|last (?:year|month|week|decade)|this (?:year|month|week)|since \d{4}|in the (?:first|second|third|fourth) quarter)\b/;
const SOURCE = /\baccording to\b|\b(?:study|studies|report|survey|poll|census|data|statistics|figures|analysis|research|researchers|audit|investigation)\b(?:\s+\w+){0,3}\s+(?:by|from|published|released|shows?|showed|found|finds|suggests?)\b|\b(?:ministry|department|agency|office|bureau|institute|university|commission|court|police|who|imf|oecd|ons|cdc|un|eu|nhs|fbi)\b.{0,40}\b(?:said|says|reported|published|found|shows?|estimated)\b/;
const PROPER = /[\p{Ll}\p{N},;:]\s+(?:\p{Lu}\p{Ll}+|\p{Lu}{2,}|\p{Lu}\.\p{Lu})/u;

const words = (list: string): ReadonlySet<string> => new Set(list.split(' '));
// Single-word cues are looked up in sets after one tokenisation; only multi-word cues need patterns.
const COMPARISON_WORDS = words('more less fewer higher lower larger smaller bigger greater most least highest lowest largest biggest smallest fastest slowest increase increased increases decrease decreased decreases rose risen rising fell fallen falling grew grown dropped decline declined jumped surged soared plunged doubled halved than compared record ranked outnumber outnumbers outnumbered');
const CAUSAL_WORDS = words('cause causes caused causing because boost boosts boosted reduce reduces reduced prevent prevents prevented trigger triggers triggered fuels fueled fuelled blame blamed');
const CAUSAL_PHRASE = /\b(?:leads? to|led to|results? in|resulted in|as a result of|due to|linked to|responsible for|contribut(?:e|es|ed) to|driven by|dr(?:ove|ives?) (?:up|down)|thanks to)\b/;
const PREDICTION_WORDS = words("will won't shall forecast forecasts predict predicts predicted projected");
const PREDICTION_PHRASE = /\b(?:(?:is|are) (?:expected|set|likely|projected|forecast) to|by (?:20[3-9]\d|the end of)|next (?:year|month|week|decade)|going to|on (?:course|track) to)\b/;
const LAW_WORDS = words('law laws act bill rule rules regulation regulations legal legally illegal illegally unlawful ban bans banned require requires required mandatory compulsory constitution constitutional statute legislation ruled ruling allowed permitted prohibit prohibits prohibited licence license treaty directive entitled eligible');
const OPINION_WORDS = words('should ought best worst terrible wonderful great awful amazing disgrace disgraceful shameful beautiful ridiculous outrageous absurd sadly hopefully fortunately unfortunately brilliant horrible fantastic stupid');
const HEDGE_WORDS = words('may might could perhaps possibly maybe reportedly allegedly apparently appear appears seem seems likely unlikely unclear suggest suggests rumored rumoured probably');

// Words without which the first-person and source patterns cannot match: they gate those patterns.
const FIRST_PERSON_WORDS = words("i we my our i'm we're personally");
const SOURCE_WORDS = words('according study studies report survey poll census data statistics figures analysis research researchers audit investigation ministry department agency office bureau institute university commission court police who imf oecd ons cdc un eu nhs fbi');

// One pass over the tokens sets a bit per cue list, instead of one pass per list.
const CUE = { comparison: 1, causal: 2, prediction: 4, law: 8, opinion: 16, hedge: 32, firstPerson: 64, source: 128 } as const;
const CUE_OF = new Map<string, number>();
for (const [bit, set] of [
  [CUE.comparison, COMPARISON_WORDS], [CUE.causal, CAUSAL_WORDS], [CUE.prediction, PREDICTION_WORDS],
  [CUE.law, LAW_WORDS], [CUE.opinion, OPINION_WORDS], [CUE.hedge, HEDGE_WORDS], [CUE.firstPerson, FIRST_PERSON_WORDS],
  [CUE.source, SOURCE_WORDS],
] as const) {
  for (const w of set) CUE_OF.set(w, (CUE_OF.get(w) ?? 0) | bit);
}
function cuesOf(tokens: readonly string[]): number {
  let mask = 0;
  for (const t of tokens) mask |= CUE_OF.get(t) ?? 0;
  return mask;
}

const HAS_DIGIT = /\d/;
const QUESTION = /\?["”’)]*$/;
const GREETING = /^(?:hi|hello|hey|greetings|thanks|thank you|good (?:morning|afternoon|evening|night)|welcome|dear \w+|congratulations|happy (?:birthday|new year|holidays))\b/;
const FIRST_PERSON_OPINION = /\b(?:i|we) (?:really |strongly |personally |honestly )?(?:think|believe|feel|guess|hope|reckon|suppose|love|hate|like|prefer|wish|want)\b|\bin (?:my|our) (?:opinion|view)\b|\b(?:i'm|i am|we're|we are) (?:sure|convinced|certain|proud|delighted|glad|sad|disappointed)\b|\bpersonally\b/;
const FIRST_PERSON_STORY = /^(?:(?:when|after|before|as|then|and|but|so)\s+)?(?:i|we)\s+(?:was|were|had|have|went|saw|met|lost|got|grew|lived|worked|spent|remember|came|left|found|did|used to)\b|\bmy (?:mother|father|son|daughter|family|wife|husband|home|house|job|doctor|child|children)\b/;
const FINITE_VERB = /\b(?:is|are|was|were|has|have|had|will|does|did|do|can|cannot|won|lost|says|said|shows?|showed|found|reached|\w{3,}ed|\w{3,}s)\b/;

function firstMatch(re: RegExp, s: string): string | null {
  const m = re.exec(s);
  return m ? m[0].trim() : null;
}

const FEATURES: ReadonlyArray<{ name: string } & Feature> = [
  { name: 'quantity', weight: 0.25, test: (s) => { const m = firstMatch(QUANTITY, s); return m ? `contains a quantity (${m.slice(0, 30)})` : null; } },
  { name: 'comparison', weight: 0.1, test: (_s, c) => (c & CUE.comparison ? 'makes a comparison' : null) },
  { name: 'date', weight: 0.1, test: (s) => ((HAS_DIGIT.test(s) && MONTH.test(s)) || DATE.test(s) ? 'mentions a date' : null) },
  { name: 'source', weight: 0.1, test: (s, c) => (c & CUE.source && SOURCE.test(s) ? 'cites a named source' : null) },
  { name: 'causal', weight: 0.15, test: (s, c) => (c & CUE.causal || CAUSAL_PHRASE.test(s) ? 'causal verb' : null) },
  { name: 'prediction', weight: 0.1, test: (s, c) => (c & CUE.prediction || PREDICTION_PHRASE.test(s) ? 'predicts' : null) },
  { name: 'law', weight: 0.15, test: (_s, c) => (c & CUE.law ? 'refers to a law or rule' : null) },
  
];

const ENTITY_WEIGHT = 0.1;

/**
 * A capitalised word after a lower-case word, digit or comma: a name rather than a sentence start.
 * Hand-scanned for ASCII text because the Unicode-property pattern dominated the scoring time.
 */
function hasProperNoun(s: string): boolean {
  if (/[^\x00-\x7f]/.test(s)) return PROPER.test(s);
  for (let i = 2; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c < 65 || c > 90 || s.charCodeAt(i - 1) !== 32) continue;
    const b = s.charCodeAt(i - 2);
    const beforeOk = (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b === 44 || b === 59 || b === 58;
    const a = s.charCodeAt(i + 1);
    const afterOk = (a >= 97 && a <= 122) || (a >= 65 && a <= 90) || a === 46;
    if (beforeOk && afterOk) return true;
  }
  return false;
}

const WEIGHTS = {
  declarative: 0.15,
  speaker: 0.05,
  question: -0.4,
  greeting: -0.4,
  firstPersonOpinion: -0.35,
  opinion: -0.15,
  hedged: -0.1,
  tooShort: -0.3,
} as const;

/** Scores one sentence. `speaker` is whoever the sentence is attributed to (or null). */
function countWords(s: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13;
    if (!space && !inWord) words += 1;
    inWord = !space;
  }
  return words;
}

export function assess(sentence: string, speaker: string | null): Assessment {
  // Long inputs are judged on their opening: features are about wording, not length.
  const original = sentence.length > 2000 ? sentence.slice(0, 2000) : sentence;
  // Word-list patterns run on lower-cased text without the /i flag, which is markedly faster.
  const s = original.toLowerCase();
  const words = /[\p{L}\p{N}]/u.test(original) ? countWords(original) : 0;
  const cues = cuesOf(s.match(/[a-z][a-z'’]*/g) ?? []);
  const reasons: string[] = [];
  let score = BASE;
  const fired = new Set<string>();

  const isQuestion = QUESTION.test(s.trim());
  const isGreeting = GREETING.test(s.trim().replace(/^["“'‘]/, ''));
  const firstPerson = (cues & CUE.firstPerson) !== 0;
  const firstPersonOpinion = firstPerson && FIRST_PERSON_OPINION.test(s);
  const opinion = !firstPersonOpinion && (cues & CUE.opinion) !== 0;
  const hedged = (cues & CUE.hedge) !== 0;
  const tooShort = words < 5;

  for (const f of FEATURES) {
    const reason = f.test(s, cues);
    if (reason) {
      score += f.weight;
      reasons.push(reason);
      fired.add(f.name);
    }
  }
  // Capitalisation matters here, so it reads the original text.
  if (hasProperNoun(original)) {
    score += ENTITY_WEIGHT;
    reasons.push('names a person, place or organisation');
  }
  if (speaker) {
    score += WEIGHTS.speaker;
    reasons.push('attributed to a speaker');
  }
  const declarative = !isQuestion && !isGreeting && !firstPersonOpinion && !opinion && !tooShort && FINITE_VERB.test(s);
  if (declarative) {
    score += WEIGHTS.declarative;
    reasons.push('declarative statement');
  }
  if (isQuestion) { score += WEIGHTS.question; reasons.push('question'); }
  if (isGreeting) { score += WEIGHTS.greeting; reasons.push('greeting'); }
  if (firstPersonOpinion) { score += WEIGHTS.firstPersonOpinion; reasons.push('first-person opinion'); }
  if (opinion) { score += WEIGHTS.opinion; reasons.push('opinion'); }
  if (hedged) { score += WEIGHTS.hedged; reasons.push('hedged'); }
  if (tooShort) { score += WEIGHTS.tooShort; reasons.push('too short'); }
  if (isQuestion || isGreeting || firstPersonOpinion) score = Math.min(score, NON_CLAIM_CAP);
  score = Math.round(Math.min(1, Math.max(0, score)) * 100) / 100;

  let type: ClaimType;
  if (isQuestion || isGreeting || tooShort || firstPersonOpinion || words === 0) type = 'not_a_claim';
  else if (fired.has('prediction')) type = 'prediction';
  else if (fired.has('causal')) type = 'correlation_causation';
  else if (fired.has('quantity') || (fired.has('comparison') && /\d/.test(s))) type = 'quantity';
  else if (fired.has('law')) type = 'law_rule';
  else if (firstPerson && FIRST_PERSON_STORY.test(s.replace(/^["“'‘]/, ''))) type = 'personal_experience';
  else if (opinion && score < 0.5) type = 'not_a_claim';
  else type = 'other';
  return { score, type, reasons };
}
