/**
 * Article text -> candidate claims. Pure: takes a string, returns plain data, never throws.
 */
import type { ArticleFormat, ClaimType, ClutterSpan } from '../storage/records.js';
import { detectClutter, linesOf, sectionTagLength, type LineInfo } from './clutter.js';
import { guessFormat, htmlToText, markdownToText, type Rendered } from './formats.js';
import { normalizeText } from './normalize.js';
import { assess } from './scoring.js';
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

function render(input: string, format: ArticleFormat, url: string | undefined): Rendered {
  try {
    if (format === 'markdown') return markdownToText(input);
    if (format === 'html') return htmlToText(input, url);
  } catch {
    // A parser failure must not lose the article: fall back to treating it as plain text.
  }
  return { title: null, text: normalizeText(input) };
}

/** A first line that reads like a headline: short, no final punctuation, followed by more text. */
function textTitle(text: string, lines: LineInfo[]): LineInfo | null {
  const first = lines[0];
  if (!first || lines.length < 2) return null;
  const line = text.slice(first.start, first.end);
  if (line.length > TITLE_MAX_CHARS || line.split(/\s+/).length > TITLE_MAX_WORDS) return null;
  if (/[.!?:;,]["”’)]?$/.test(line) || !/\p{L}/u.test(line)) return null;
  return first;
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
  const first = lines[0];
  if (title !== null) {
    if (first && text.slice(first.start, first.end) === title) titleLine = first;
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
  /** Sentences of a quotation still waiting for its speaker. */
  let pending: ExtractedClaim[] = [];
  let previous: { speaker: string | null; quoted: boolean; end: number } | null = null;

  for (const span of spans) {
    if (titleLine && span.start < titleLine.end && span.end > titleLine.start) continue;
    const o = overlaps(span.start, span.end, clutter, cursor);
    cursor = o.next;
    if (o.hit) continue;
    const sentence = text.slice(span.start, span.end);
    if (!/[\p{L}\p{N}]/u.test(sentence)) continue;

    const balance = quoteBalance(sentence, quoteOpen);
    quoteOpen = balance.open;
    let speaker = tracker.speakerOf(sentence);
    tracker.observe(sentence);
    const sameParagraph = previous !== null && !text.slice(previous.end, span.start).includes('\n\n');
    // A quote that carries on after an attributed quote ("...," Doe said. "The talks continue.").
    if (!speaker && balance.startsWithQuote && previous?.quoted && previous.speaker && sameParagraph) speaker = previous.speaker;

    const a = assess(sentence, speaker);
    const claim: ExtractedClaim = { text: sentence, start: span.start, end: span.end, score: a.score, type: a.type, speaker, reasons: a.reasons };
    claims.push(claim);

    if (balance.open) {
      pending.push(claim);
    } else if (balance.closesQuote || pending.length > 0) {
      // The speaker named after a multi-sentence quote speaks every sentence of it.
      const groupSpeaker = speaker ?? pending.find((p) => p.speaker !== null)?.speaker ?? null;
      if (groupSpeaker) for (const p of [...pending, claim]) attribute(p, groupSpeaker);
      pending = [];
    }
    previous = { speaker: claim.speaker, quoted: balance.hasQuote || pending.length > 0, end: span.end };
  }
  return { title, text, clutter, claims };
}

function attribute(claim: ExtractedClaim, speaker: string): void {
  if (claim.speaker) return;
  claim.speaker = speaker;
  const a = assess(claim.text, speaker);
  claim.score = a.score;
  claim.type = a.type;
  claim.reasons = a.reasons;
}
