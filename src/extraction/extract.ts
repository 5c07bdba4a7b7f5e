/**
 * Article text -> candidate claims. Pure: takes a string, returns plain data, never throws.
 */
import type { ArticleFormat, ClaimType, ClutterSpan } from '../storage/records.js';
import { clutterKind, detectClutter, linesOf, sectionTagLength, type LineInfo } from './clutter.js';
import { guessFormat, htmlToText, markdownToText, type Rendered } from './formats.js';
import { normalizeText } from './normalize.js';
import { assess, CUE, scanSentence } from './scoring.js';
import { segmentSentences } from './sentences.js';
import { quoteBalance, SpeakerTracker } from './speakers.js';

export interface ExtractedClaim {
  text: string;
  start: number;
  end: number;
  score: number;
  type: ClaimType;
  speaker: string | null;
  reasons: string[];
}

export interface ExtractionResult {
  title: string | null;
  text: string;
  clutter: ClutterSpan[];
  claims: ExtractedClaim[];
}

export interface ExtractOptions {
  format?: ArticleFormat;
  url?: string;
}

const TITLE_MAX_CHARS = 150;
const TITLE_MAX_WORDS = 25;
/** How many sentences after an unattributed quotation may still name its speaker. */
const ORPHAN_WAIT = 2;

function render(input: string, format: ArticleFormat, url: string | undefined): Rendered {
  try {
    if (format === 'markdown') return markdownToText(input);
    if (format === 'html') return htmlToText(input, url);
  } catch {
    // A parser failure must not lose the article: fall back to treating it as plain text.
  }
  return { title: null, text: normalizeText(input) };
}

/** Page furniture above the headline (menus, "Sign in", a lone section label) is skipped over. */
const TITLE_SEARCH_LINES = 8;

/** Index of the first line that is not clutter, looking only at the top of the page. */
function firstBodyLine(text: string, lines: readonly LineInfo[]): number {
  const limit = Math.min(lines.length, TITLE_SEARCH_LINES);
  for (let i = 0; i < limit; i++) {
    const line = lines[i];
    if (line && clutterKind(text.slice(line.start, line.end)) === null) return i;
  }
  return -1;
}

/** The first body line, if it reads like a headline: short, no final punctuation, followed by more text. */
function textTitle(text: string, lines: readonly LineInfo[]): LineInfo | null {
  const index = firstBodyLine(text, lines);
  const first = lines[index];
  if (!first || index >= lines.length - 1) return null;
  const line = text.slice(first.start, first.end);
  if (line.length > TITLE_MAX_CHARS || line.split(/\s+/).length > TITLE_MAX_WORDS) return null;
  if (/[.!?:;,]["”’)]?$/.test(line) || !/\p{L}/u.test(line)) return null;
  return first;
}

const LIST_MARKER = /^(?:[•·▪◦‣⁃●○■□➢►✓✔*–—-]|\(?\d{1,2}[.)]|\(?[a-z]\))[ \t]+/;

/** A wire dateline: "WASHINGTON (Reuters) - ", "LONDON, March 3 (AP) — ". */
const DATELINE = /^[A-Z][A-Z.'’ -]{1,30}[A-Z.](?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Za-z0-9.]+){0,2})?\s*(?:\([A-Za-z .&]{1,30}\))?\s*[-–—]+\s+(?=\S)/;

/**
 * Length of layout at the start of a line: a bullet or list number, or a wire dateline, so that the
 * claim starts at its first word.
 */
function listMarkerLength(text: string, start: number, end: number): number {
  if (start > 0 && text.charCodeAt(start - 1) !== 10) return 0;
  const head = text.slice(start, Math.min(end, start + 80));
  const m = LIST_MARKER.exec(head) ?? DATELINE.exec(head);
  return m && m[0].length < end - start ? m[0].length : 0;
}

/** Whether a sentence has a letter or digit; ASCII is checked by hand, the Unicode pattern only for the rest. */
function hasWordCharacter(s: string): boolean {
  let nonAscii = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) return true;
    if (s.charCodeAt(i) > 127) nonAscii = true;
  }
  return nonAscii && /[\p{L}\p{N}]/u.test(s);
}

const CLOSING_CURLY = /[”»]/;
/** `Hale said: "The deal is dead."`: an attribution that introduces a quotation. */
const INTRODUCED_QUOTE = /^[^"“”]{0,120}?\b(?:(?:said|says|added|adds|wrote|writes|warned|insisted|explained)\s*[:,]?|told [^"“”,:.]{1,40}?[:,])\s*["“]/;

/**
 * The words a quoted sentence is scored on: the quotation without its attribution, so that
 * `"It's as simple as that," said Ms. Doe.` is judged as an opinion, not as a statement about Ms. Doe.
 */
function spokenPart(sentence: string, insideQuote: boolean): string {
  if (insideQuote) {
    const first = sentence.charCodeAt(0);
    const straight = first === 34 ? sentence.indexOf('"', 1) : -1;
    const curly = CLOSING_CURLY.exec(sentence)?.index ?? -1;
    const close = straight > 0 ? straight : curly >= 0 ? curly : first !== 34 ? sentence.indexOf('"') : -1;
    if (close > 0 && close < sentence.length - 3 && /\p{L}/u.test(sentence.slice(close + 1))) return sentence.slice(0, close + 1);
    return sentence;
  }
  const intro = INTRODUCED_QUOTE.exec(sentence);
  // Only a quotation that is most of the sentence stands for it; a quoted phrase ("let down again") does not.
  if (intro && /["”]\W*$/.test(sentence) && intro[0].length < sentence.length / 2) return sentence.slice(intro[0].length - 1);
  return sentence;
}

function overlaps(start: number, end: number, spans: readonly ClutterSpan[], from: number): { hit: boolean; next: number } {
  let k = from;
  while (k < spans.length && (spans[k]?.end ?? 0) <= start) k += 1;
  let j = k;
  while (j < spans.length && (spans[j]?.start ?? Infinity) < end) {
    const s = spans[j];
    if (s && s.end > start) return { hit: true, next: k };
    j += 1;
  }
  return { hit: false, next: k };
}

export function extractClaims(input: string, options: ExtractOptions = {}): ExtractionResult {
  const source = typeof input === 'string' ? input : '';
  const format = options.format ?? guessFormat(undefined, source);
  const rendered = render(source, format, options.url);
  const text = rendered.text;
  const lines = linesOf(text);

  let title = rendered.title;
  let titleLine: LineInfo | null = null;
  if (title !== null) {
    // Markdown and HTML name their title; it is the headline line when it opens the body text.
    const head = lines[firstBodyLine(text, lines)];
    if (head) {
      const line = text.slice(head.start, head.end);
      const tag = sectionTagLength(line);
      if (line === title) titleLine = head;
      else if (tag > 0 && line.slice(tag) === title) titleLine = { start: head.start + tag, end: head.end };
    }
  } else if (format === 'text') {
    titleLine = textTitle(text, lines);
    if (titleLine) {
      // "ExclusiveHarbour levy ...": the glued section label is clutter, the rest is the headline.
      const tag = sectionTagLength(text.slice(titleLine.start, titleLine.end));
      if (tag > 0 && tag < titleLine.end - titleLine.start) titleLine = { start: titleLine.start + tag, end: titleLine.end };
      title = text.slice(titleLine.start, titleLine.end);
    }
  }
  if (title === '') title = null;

  const clutter = detectClutter(text, titleLine);
  const spans = segmentSentences(text, { splitInsideQuotes: true });
  const tracker = new SpeakerTracker();
  const claims: ExtractedClaim[] = [];

  let cursor = 0;
  let quoteOpen = false;
  /** Sentences of a quotation still waiting for its speaker, with the words they are scored on. */
  let pending: Pending[] = [];
  let previous: { speaker: string | null; quoted: boolean; end: number } | null = null;
  /** A finished quotation nobody was named for yet, and how many more sentences may still name its speaker. */
  let orphans: Pending[] = [];
  let orphanWait = 0;
  // Where the next blank line is: found once per paragraph instead of once per sentence.
  let nextBlank = -1;

  for (const span of spans) {
    if (titleLine && span.start < titleLine.end && span.end > titleLine.start) continue;
    const o = overlaps(span.start, span.end, clutter, cursor);
    cursor = o.next;
    if (o.hit) continue;
    // "• The stake is valued at ...": the bullet or list number is layout, not part of the claim.
    const start = span.start + listMarkerLength(text, span.start, span.end);
    const sentence = text.slice(start, span.end);
    if (!hasWordCharacter(sentence)) continue;

    // One walk over the sentence counts its quotation marks and tells whether the speaker lookups can find anything.
    const scanned = scanSentence(sentence);
    const wasOpen = quoteOpen;
    const balance = quoteBalance(sentence, quoteOpen, scanned);
    quoteOpen = balance.open;
    let speaker = (scanned.cues & CUE.speech) !== 0 ? tracker.speakerOf(sentence) : null;
    if (scanned.capitalPair) tracker.observe(sentence, speaker);
    let sameParagraph = false;
    if (previous !== null) {
      if (nextBlank !== -2 && nextBlank < previous.end) {
        nextBlank = text.indexOf('\n\n', previous.end);
        if (nextBlank < 0) nextBlank = -2;
      }
      sameParagraph = nextBlank === -2 || nextBlank >= span.start;
    }
    // A quote that carries on after an attributed quote ("...," Doe said. "The talks continue.").
    if (!speaker && balance.startsWithQuote && previous?.quoted && previous.speaker && sameParagraph) speaker = previous.speaker;

    const spoken = balance.hasQuote || wasOpen ? spokenPart(sentence, wasOpen || balance.startsWithQuote) : sentence;
    const a = assess(spoken, speaker, spoken === sentence ? scanned : null);
    const claim: ExtractedClaim = { text: sentence, start, end: span.end, score: a.score, type: a.type, speaker, reasons: a.reasons };
    claims.push(claim);

    // `"We have no options." Those were the words of Priya Shah.`: a quote whose speaker is named in
    // one of the next two sentences of the paragraph, in a sentence that is not itself a quote.
    if (orphans.length > 0) {
      if (!sameParagraph || orphanWait <= 0) orphans = [];
      else if (speaker && !balance.hasQuote && !wasOpen) {
        for (const p of orphans) attribute(p, speaker);
        orphans = [];
      } else orphanWait -= 1;
    }

    if (balance.open) {
      pending.push({ claim, spoken });
    } else if (balance.closesQuote || pending.length > 0) {
      // The speaker named after a multi-sentence quote speaks every sentence of it.
      const groupSpeaker = speaker ?? pending.find((p) => p.claim.speaker !== null)?.claim.speaker ?? null;
      if (groupSpeaker) {
        for (const p of pending) attribute(p, groupSpeaker);
        attribute({ claim, spoken }, groupSpeaker);
      } else {
        orphans = [...pending, { claim, spoken }];
        orphanWait = ORPHAN_WAIT;
      }
      pending = [];
    } else if (balance.startsWithQuote && balance.hasQuote && !speaker) {
      orphans = [{ claim, spoken }];
      orphanWait = ORPHAN_WAIT;
    }
    previous = { speaker: claim.speaker, quoted: balance.hasQuote || pending.length > 0, end: span.end };
  }
  return { title, text, clutter, claims };
}

interface Pending {
  claim: ExtractedClaim;
  spoken: string;
}

function attribute({ claim, spoken }: Pending, speaker: string): void {
  if (claim.speaker) return;
  claim.speaker = speaker;
  const a = assess(spoken, speaker);
  claim.score = a.score;
  claim.type = a.type;
  claim.reasons = a.reasons;
}
