/**
 * Sentence boundary detection: a hand-written scanner that looks at each character a bounded number
 * of times (one pass to pair quotation marks, one pass to place boundaries), so that a 5 MB paste of
 * "a.a.a." or of quotation marks costs the same per character as an ordinary article. Every
 * look-back or look-ahead is capped at a small constant.
 */
import {
  BEFORE_NUMBER,
  COMPANY,
  NEVER_FINAL,
  OTHER,
  PLACE_CONTINUATIONS,
  PLACE_INITIALS,
  SECTION_TAGS,
  SENTENCE_STARTERS,
  TIME_INITIALS,
  TITLES,
} from './abbreviations.js';

export interface Span {
  start: number;
  end: number;
}

export interface SegmentOptions {
  /**
   * Also split between sentences inside a quotation. Literary segmenters keep a multi-sentence quote
   * whole; a claim extractor wants each quoted sentence on its own (each can be checked separately).
   */
  splitInsideQuotes?: boolean;
}

const LOOKAROUND = 40;
/** A hard-wrapped line is at least this long; shorter lines ending without punctuation are items or headlines. */
const WRAPPED_LINE = 60;

const isNewline = (c: number): boolean => c === 10 || c === 13 || c === 0x2028 || c === 0x2029 || c === 0x85;
const isSpace = (c: number): boolean =>
  c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || isNewline(c) || c === 0x3000 || c === 0xfeff ||
  (c >= 0x2000 && c <= 0x200b) || c === 0x202f || c === 0x205f || c === 0x1680;
const isInlineSpace = (c: number): boolean => isSpace(c) && !isNewline(c);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAsciiUpper = (c: number): boolean => c >= 65 && c <= 90;
const isAsciiLower = (c: number): boolean => c >= 97 && c <= 122;

const UPPER = /\p{Lu}|\p{Lt}/u;
const LOWER = /\p{Ll}/u;
const LETTER = /\p{L}/u;

function isUpperAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiUpper(c);
  const ch = String.fromCodePoint(text.codePointAt(i) ?? 0);
  return UPPER.test(ch);
}
function isLowerAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiLower(c);
  const ch = String.fromCodePoint(text.codePointAt(i) ?? 0);
  return LOWER.test(ch);
}
function isLetterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiUpper(c) || isAsciiLower(c);
  if (c >= 0xdc00 && c <= 0xdfff) return false;
  return LETTER.test(String.fromCodePoint(text.codePointAt(i) ?? 0));
}
/** Letters whose case says nothing (CJK, Arabic, click letters): a sentence may start with them. */
function isUncasedLetterAt(text: string, i: number): boolean {
  return text.charCodeAt(i) >= 128 && isLetterAt(text, i) && !isUpperAt(text, i) && !isLowerAt(text, i);
}

// Terminal punctuation.
const DOT = 46;
const BANG = 33;
const QMARK = 63;
const ELLIPSIS = 0x2026;
const isWideTerminal = (c: number): boolean => c === 0xff0e || c === 0x3002 || c === 0xff01 || c === 0xff1f;
const isTerminal = (c: number): boolean => c === DOT || c === BANG || c === QMARK || c === ELLIPSIS || c === 0x203d || isWideTerminal(c);

const isClosingBracket = (c: number): boolean => c === 41 || c === 93 || c === 125;
const isOpeningBracket = (c: number): boolean => c === 40 || c === 91 || c === 123;
const isQuoteChar = (c: number): boolean =>
  c === 34 || c === 39 || c === 96 || c === 0x201c || c === 0x201d || c === 0x2018 || c === 0x2019 || c === 0xab ||
  c === 0xbb || c === 0x201e || c === 0x201a;
const isBullet = (c: number): boolean =>
  c === 0x2022 || c === 0x2023 || c === 0x2043 || c === 0x25e6 || c === 0x25aa || c === 0x25cf || c === 0x2219 || c === 0x25a0;

/**
 * Decides whether a single line break joins two pieces of one sentence (a hard-wrapped paragraph)
 * or separates them (a headline, list item, or bare line). Shared by both passes so that quotation
 * pairing and boundaries agree.
 */
function lineBreakJoins(text: string, lineStart: number, lastNonSpace: number, nextStart: number): boolean {
  if (lastNonSpace < lineStart || nextStart >= text.length) return false;
  if (!isLowerAt(text, nextStart)) return false;
  const lc = text.charCodeAt(lastNonSpace);
  if (lc === 44 || lc === 59 || lc === 45 || lc === 0x2013 || lc === 0x2014) return true;
  return lastNonSpace - lineStart + 1 >= WRAPPED_LINE;
}

/** Index after a run of inline spaces and line breaks that contains no blank line; reports blank lines. */
interface LineBreak {
  next: number;
  blank: boolean;
}
function scanLineBreak(text: string, i: number): LineBreak {
  const n = text.length;
  let j = i;
  let newlines = 0;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === 13 && text.charCodeAt(j + 1) === 10) {
      newlines += 1;
      j += 2;
    } else if (isNewline(c)) {
      newlines += 1;
      j += 1;
    } else if (isInlineSpace(c)) j += 1;
    else break;
  }
  return { next: j, blank: newlines > 1 };
}

interface QuoteMap {
  /** 1 where a position lies strictly inside a paired quotation. */
  inside: Uint8Array;
  /** Closing mark position -> opening mark position. */
  openerOf: Map<number, number>;
}

/** Pass 1: pair quotation marks within a paragraph. Unpaired marks (apostrophes, inch marks) are ignored. */
function pairQuotes(text: string): QuoteMap | null {
  const n = text.length;
  let any = false;
  for (let i = 0; i < n; i++) {
    if (isQuoteChar(text.charCodeAt(i))) {
      any = true;
      break;
    }
  }
  if (!any) return null;
  const inside = new Uint8Array(n + 1);
  const openerOf = new Map<number, number>();
  let openDouble = -1;
  let openSingle = -1;
  let lineStart = 0;
  let lastNonSpace = -1;
  const close = (o: number, c: number): void => {
    inside.fill(1, o + 1, c);
    openerOf.set(c, o);
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isNewline(c)) {
      const br = scanLineBreak(text, i);
      if (br.blank || !lineBreakJoins(text, lineStart, lastNonSpace, br.next)) {
        openDouble = -1;
        openSingle = -1;
      }
      lineStart = br.next;
      i = br.next - 1;
      continue;
    }
    if (!isSpace(c)) lastNonSpace = i;
    if (!isQuoteChar(c)) continue;
    const prev = i > 0 ? text.charCodeAt(i - 1) : 32;
    const next = i + 1 < n ? text.charCodeAt(i + 1) : 32;
    const prevOpens = isSpace(prev) || isOpeningBracket(prev) || prev === 45 || prev === 0x2014 || prev === 0x2013 || isQuoteChar(prev) || i === 0;
    if (c === 0x201c || c === 0x201e || c === 0xab) {
      openDouble = i;
      openSingle = -1;
    } else if (c === 0x201d || c === 0xbb) {
      if (openDouble >= 0) close(openDouble, i);
      openDouble = -1;
      openSingle = -1;
    } else if (c === 34) {
      if (openDouble >= 0 && !isSpace(prev)) {
        close(openDouble, i);
        openDouble = -1;
        openSingle = -1;
      } else if (prevOpens && !isSpace(next)) {
        openDouble = i;
        openSingle = -1;
      }
    } else if (c === 96) {
      if (next === 96) {
        openDouble = i;
        openSingle = -1;
        i += 1;
      } else openSingle = i;
    } else if (c === 39 && next === 39 && openDouble >= 0 && !isSpace(prev)) {
      // The '' closing mark of ``TeX-style'' quotes: pair it at its second character.
      close(openDouble, i + 1);
      openDouble = -1;
      openSingle = -1;
      i += 1;
    } else if (c === 0x2018 || c === 0x201a) {
      openSingle = i;
    } else {
      // ' or ’: an apostrophe between letters, otherwise an opening or closing single quote.
      const letterBefore = i > 0 && (isLetterAt(text, i - 1) || isDigit(prev));
      const letterAfter = i + 1 < n && isLetterAt(text, i + 1);
      if (letterBefore && letterAfter) continue;
      if (openSingle >= 0 && !isSpace(prev) && !letterAfter) {
        close(openSingle, i);
        openSingle = -1;
      } else if (c === 39 && prevOpens && !isSpace(next)) {
        openSingle = i;
      }
    }
  }
  return { inside, openerOf };
}

/** Letters and dots immediately before `end` (exclusive), e.g. "U.S" before the final dot of "U.S.". */
function wordBefore(text: string, end: number): string {
  let s = end;
  const limit = Math.max(0, end - LOOKAROUND);
  while (s > limit) {
    const c = text.charCodeAt(s - 1);
    if (c === DOT || isLetterAt(text, s - 1)) s -= 1;
    else break;
  }
  return text.slice(s, end);
}

/** The run of letters starting at `start`, capped. */
function wordAt(text: string, start: number): string {
  let e = start;
  const limit = Math.min(text.length, start + LOOKAROUND);
  while (e < limit && isLetterAt(text, e)) e += 1;
  return text.slice(start, e);
}

/** The capitalised word before `end` (skipping spaces), used to tell "Albert I. Jones" from "you and I.". */
function previousWordCapitalised(text: string, end: number): boolean {
  let e = end;
  const limit = Math.max(0, end - LOOKAROUND);
  while (e > limit && isInlineSpace(text.charCodeAt(e - 1))) e -= 1;
  let s = e;
  while (s > limit && isLetterAt(text, s - 1)) s -= 1;
  return s < e && isUpperAt(text, s);
}

/** Whether the non-space token around `at` looks like a URL or an e-mail address. */
function inLinkToken(text: string, tokenStart: number, at: number): boolean {
  const limit = Math.min(text.length, at + LOOKAROUND);
  let e = at;
  while (e < limit && !isSpace(text.charCodeAt(e))) e += 1;
  const s = Math.max(tokenStart, at - LOOKAROUND);
  const token = text.slice(s, e).toLowerCase();
  return token.includes('@') || token.includes('://') || token.startsWith('www.');
}

interface ListMarker {
  end: number;
  kind: string;
  value: number;
}

function romanValue(s: string): number {
  const values: Record<string, number> = { i: 1, v: 5, x: 10 };
  let total = 0;
  for (let k = 0; k < s.length; k++) {
    const v = values[s[k] ?? ''] ?? 0;
    const nextV = values[s[k + 1] ?? ''] ?? 0;
    total += v < nextV ? -v : v;
  }
  return total;
}

/** Reads a list marker ("1.", "2.)", "b)", "(iv)") at `i`; it must be followed by a space and more text. */
function readListMarker(text: string, i: number): ListMarker | null {
  const n = text.length;
  let j = i;
  const paren = text.charCodeAt(j) === 40;
  if (paren) j += 1;
  const bodyStart = j;
  // Cheap rejection first: a marker body is at most four characters followed by "." or ")".
  let probe = j;
  while (probe < n && probe - j <= 4 && !isSpace(text.charCodeAt(probe)) && text.charCodeAt(probe) !== DOT && text.charCodeAt(probe) !== 41) probe += 1;
  if (probe >= n || probe - j > 4 || (text.charCodeAt(probe) !== DOT && text.charCodeAt(probe) !== 41)) return null;
  while (j < n && j - bodyStart < 4 && (isDigit(text.charCodeAt(j)) || isAsciiLower(text.charCodeAt(j)) || isAsciiUpper(text.charCodeAt(j)))) j += 1;
  const body = text.slice(bodyStart, j);
  if (body.length === 0) return null;
  let kind: string;
  let value: number;
  if (/^\d{1,2}$/.test(body)) {
    kind = 'digit';
    value = Number(body);
  } else if (/^[a-zA-Z]$/.test(body)) {
    kind = isAsciiUpper(body.charCodeAt(0)) ? 'upper' : 'lower';
    value = body.toLowerCase().charCodeAt(0) - 96;
  } else if (/^[ivx]{1,4}$/.test(body)) {
    kind = 'roman';
    value = romanValue(body);
  } else return null;
  let style: string;
  const c = text.charCodeAt(j);
  if (paren) {
    if (c !== 41) return null;
    j += 1;
    style = '()';
  } else if (c === DOT && text.charCodeAt(j + 1) === 41) {
    j += 2;
    style = '.)';
  } else if (c === DOT) {
    j += 1;
    style = '.';
  } else if (c === 41) {
    j += 1;
    style = ')';
  } else return null;
  if (style === '.' && kind === 'roman' && body.length > 1) return null;
  if (j >= n || !isInlineSpace(text.charCodeAt(j))) return null;
  let k = j;
  while (k < n && isInlineSpace(text.charCodeAt(k))) k += 1;
  if (k >= n || isNewline(text.charCodeAt(k))) return null;
  return { end: j, kind: `${kind}${style}`, value };
}

/** A known section label glued to the capitalised word after it, at the start of a line. */
function gluedSectionTag(text: string, i: number): number {
  for (const tag of SECTION_TAGS) {
    if (text.startsWith(tag, i)) {
      const after = i + tag.length;
      if (after + 1 < text.length && isUpperAt(text, after) && (isLowerAt(text, after + 1) || text.charCodeAt(after + 1) === 45)) {
        return after;
      }
    }
  }
  return -1;
}

interface Decision {
  /** Where the sentence ends (exclusive), or -1 when the punctuation does not end it. */
  end: number;
  /** Where scanning resumes. */
  resume: number;
}

class Scanner {
  private readonly n: number;
  private readonly quotes: QuoteMap | null;
  private readonly spans: Span[] = [];
  private segStart = -1;
  private words = 0;
  private tokenStart = 0;
  private lastMarker: ListMarker | null = null;
  private lastMarkerKind = '';
  private markerEnd = -1;
  private lineStart = 0;
  private lastNonSpace = -1;

  constructor(
    private readonly text: string,
    private readonly splitInsideQuotes: boolean,
  ) {
    this.n = text.length;
    this.quotes = pairQuotes(text);
  }

  run(): Span[] {
    const { text, n } = this;
    let i = 0;
    let prevWasSpace = true;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isNewline(c)) {
        i = this.lineBreak(i);
        prevWasSpace = true;
        continue;
      }
      if (isSpace(c)) {
        prevWasSpace = true;
        i += 1;
        continue;
      }
      if (prevWasSpace) {
        this.tokenStart = i;
        const cut = this.tokenBegins(i);
        if (cut > i) {
          i = cut;
          continue;
        }
      }
      prevWasSpace = false;
      if (this.segStart < 0) this.segStart = i;
      this.lastNonSpace = i;
      if (isQuoteChar(c) && this.interruptedQuoteEnds(i)) {
        this.emit(i + 1);
        i += 1;
        continue;
      }
      if (i < this.markerEnd || !isTerminal(c)) {
        i += 1;
        continue;
      }
      const d = this.terminal(i);
      if (d.end >= 0) this.emit(d.end);
      for (let k = d.resume - 1; k >= i; k--) {
        if (!isSpace(text.charCodeAt(k))) {
          this.lastNonSpace = Math.max(this.lastNonSpace, k);
          break;
        }
      }
      i = Math.max(d.resume, i + 1);
    }
    if (this.segStart >= 0) this.emit(n);
    return this.spans;
  }

  private emit(end: number): void {
    const { text } = this;
    let s = this.segStart;
    let e = end;
    if (s < 0) return;
    while (s < e && isSpace(text.charCodeAt(s))) s += 1;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e -= 1;
    if (e > s) this.spans.push({ start: s, end: e });
    this.segStart = -1;
    this.words = 0;
  }

  /** Starts a new segment at `at`, closing the current one before it. */
  private cutBefore(at: number): void {
    if (this.segStart >= 0 && this.segStart < at) this.emit(at);
    this.segStart = at;
    this.words = 0;
  }

  /** Handles what a token's first character can mean: list markers, bullets, glued section tags. Returns a resume index or -1. */
  private tokenBegins(i: number): number {
    const { text } = this;
    const c = text.charCodeAt(i);
    if (isBullet(c)) {
      this.cutBefore(i);
      this.words = 0;
      // "⁃9. The first item": a marker glued to its bullet.
      const glued = i + 1 < text.length && !isSpace(text.charCodeAt(i + 1)) ? readListMarker(text, i + 1) : null;
      if (glued) {
        this.accept(glued);
        this.words = 1;
        return glued.end;
      }
      return -1;
    }
    const atSegmentStart = this.segStart < 0 || this.onlyBulletsBefore(i);
    if (atSegmentStart && i === this.lineStart) {
      const tagEnd = gluedSectionTag(text, i);
      if (tagEnd > 0) {
        this.segStart = i;
        this.emit(tagEnd);
        this.segStart = tagEnd;
        this.words = 1;
        this.lastNonSpace = tagEnd;
        return tagEnd;
      }
    }
    const first = c === 40 || isDigit(c) || isAsciiLower(c) || isAsciiUpper(c);
    const marker = first ? readListMarker(text, i) : null;
    if (marker) {
      const prev = this.lastMarker;
      const continues =
        prev !== null && this.lastMarkerKind === marker.kind && marker.value === prev.value + 1 && i - prev.end >= 3;
      const opener = marker.kind === 'digit)' || marker.kind === 'lower)' || marker.kind === 'upper)' || marker.kind === 'roman)';
      const last = this.lastNonSpace;
      // The dot of an initial ("J. K.") or of the previous marker is not a sentence end.
      const afterTerminal = last >= 0 && last >= this.markerEnd && this.endsWithTerminal(last) && !isInitialDot(text, last);
      const afterColon = last >= 0 && text.charCodeAt(last) === 58 && marker.value === 1;
      if (atSegmentStart) {
        if (this.segStart < 0) this.segStart = i;
        this.accept(marker);
      } else if (continues || afterTerminal || afterColon || (opener && marker.value === 1)) {
        this.cutBefore(i);
        this.accept(marker);
      }
    }
    this.words += 1;
    return -1;
  }

  private accept(marker: ListMarker): void {
    this.lastMarker = marker;
    this.lastMarkerKind = marker.kind;
    this.markerEnd = marker.end;
  }

  private onlyBulletsBefore(i: number): boolean {
    const s = this.segStart;
    if (s < 0) return true;
    if (i - s > 4) return false;
    for (let k = s; k < i; k++) {
      const c = this.text.charCodeAt(k);
      if (!isBullet(c) && !isSpace(c) && c !== 45 && c !== 42) return false;
    }
    return true;
  }

  /** Whether the text up to `at` (inclusive) ends with terminal punctuation, possibly followed by closers. */
  private endsWithTerminal(at: number): boolean {
    let k = at;
    const limit = Math.max(0, at - 4);
    while (k > limit && (isClosingBracket(this.text.charCodeAt(k)) || isQuoteChar(this.text.charCodeAt(k)))) k -= 1;
    const c = this.text.charCodeAt(k);
    return c === DOT || c === BANG || c === QMARK || c === ELLIPSIS;
  }

  /** A line break at `i`: returns the index after the break's whitespace. */
  private lineBreak(i: number): number {
    const { text } = this;
    const br = scanLineBreak(text, i);
    const lineStart = this.lineStart;
    this.lineStart = br.next;
    if (this.segStart < 0) return br.next;
    if (br.blank || br.next >= this.n) {
      this.emit(i);
      return br.next;
    }
    const last = this.lastNonSpace;
    if (last >= this.segStart && this.endsWithTerminal(last)) {
      // Punctuation at the end of the line was already judged (an abbreviation such as "Mr." goes on).
      return br.next;
    }
    if (!lineBreakJoins(text, Math.max(lineStart, this.segStart), last, br.next)) this.emit(i);
    return br.next;
  }

  private insideQuote(at: number): boolean {
    if (this.splitInsideQuotes || !this.quotes) return false;
    return at < this.n && this.quotes.inside[at] === 1;
  }

  /** Judges terminal punctuation at `i`. */
  private terminal(i: number): Decision {
    const { text, n } = this;
    const first = text.charCodeAt(i);
    const prev = i > 0 ? text.charCodeAt(i - 1) : 32;
    const noBoundary = (resume: number): Decision => ({ end: -1, resume });

    // "[...]" and "[?]" are editorial marks, not sentence ends.
    if (isOpeningBracket(prev)) {
      let j = i;
      while (j < n && isTerminal(text.charCodeAt(j))) j += 1;
      return noBoundary(j);
    }
    // "!Kung": an exclamation mark that starts a word is a letter.
    if (first === BANG && isSpace(prev) && i + 1 < n && isLetterAt(text, i + 1)) return noBoundary(i + 1);

    // 1. The run of terminal punctuation, including spaced ellipses ". . .".
    let j = i;
    let dots = 0;
    let spaced = false;
    let lastTerminal = i;
    let hasEllipsis = first === ELLIPSIS;
    let wide = false;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === DOT) {
        dots += 1;
        lastTerminal = j;
        j += 1;
      } else if (isTerminal(c)) {
        if (c === ELLIPSIS) hasEllipsis = true;
        if (isWideTerminal(c)) wide = true;
        lastTerminal = j;
        j += 1;
      } else if (c === 32 && text.charCodeAt(j + 1) === DOT && text.charCodeAt(j - 1) === DOT && (text.charCodeAt(j + 2) === DOT || text.charCodeAt(j + 2) === 32 || j + 2 >= n)) {
        spaced = true;
        j += 1;
      } else break;
      if (j - i > 64) break;
    }
    const runEnd = j;
    const attached = !isSpace(prev) && i > 0;

    // 2. Closing quotes and brackets, footnote marks, and more punctuation after them.
    let closedQuoteAtStart = true;
    let closedAny = false;
    let guard = 0;
    while (j < n && guard < 16) {
      guard += 1;
      const c = text.charCodeAt(j);
      const after = j + 1 < n ? text.charCodeAt(j + 1) : 32;
      if (isClosingBracket(c)) {
        j += 1;
        closedAny = true;
      } else if (isQuoteChar(c) && (isSpace(after) || isClosingBracket(after) || isQuoteChar(after) || isTerminal(after) || j + 1 >= n || after === 44)) {
        const opener = this.quotes?.openerOf.get(j);
        if (opener === undefined || opener > (this.segStart < 0 ? i : this.segStart)) closedQuoteAtStart = false;
        j += 1;
        closedAny = true;
      } else if (c === 91 && isDigit(after)) {
        // A footnote mark such as [12] or [2–11].
        let k = j + 1;
        while (k < n && k - j < 12 && text.charCodeAt(k) !== 93 && !isSpace(text.charCodeAt(k))) k += 1;
        if (text.charCodeAt(k) !== 93) break;
        j = k + 1;
      } else if (isTerminal(c) && closedAny) {
        lastTerminal = j;
        j += 1;
      } else break;
    }
    if (!closedAny) closedQuoteAtStart = false;

    // Footnote numbers glued to the full stop: "consultation.11 12 Next".
    if (j === runEnd && dots === 1 && j < n && isDigit(text.charCodeAt(j)) && (isLetterAt(text, i - 1) || prev === 41)) {
      let k = j;
      let groups = 0;
      while (k < n && groups < 4) {
        const s = k;
        while (k < n && k - s < 4 && isDigit(text.charCodeAt(k))) k += 1;
        if (k - s > 3 || (k < n && isDigit(text.charCodeAt(k)))) {
          groups = -1;
          break;
        }
        groups += 1;
        if (text.charCodeAt(k) === 32 && isDigit(text.charCodeAt(k + 1))) k += 1;
        else break;
      }
      if (groups > 0 && k < n && isInlineSpace(text.charCodeAt(k)) && k + 1 < n && isUpperAt(text, k + 1)) {
        return { end: k, resume: k };
      }
    }

    let k = j;
    while (k < n && isSpace(text.charCodeAt(k))) k += 1;
    if (k >= n) return noBoundary(j);
    if (this.insideQuote(j)) return noBoundary(j);
    const hasSpace = k > j;
    const last = text.charCodeAt(lastTerminal);
    const isDotRun = first === DOT && !hasEllipsis;

    if (wide) return { end: j, resume: j };

    if (!hasSpace) {
      // "world.Today": a full stop glued to the next sentence.
      if (isDotRun && dots === 1 && !closedAny && isUpperAt(text, k) && (isLowerAt(text, i - 1) || isDigit(prev))) {
        const next = wordAt(text, k);
        const longEnough = next.length >= 3 || TITLES.has(next.toLowerCase());
        if (longEnough && text.charCodeAt(k + next.length) !== DOT && !inLinkToken(text, this.tokenStart, i)) {
          return { end: j, resume: j };
        }
      }
      return noBoundary(j);
    }

    const nc = text.charCodeAt(k);
    if (isLowerAt(text, k)) return noBoundary(j);
    if (nc === 44 || nc === 59 || nc === 58) return noBoundary(j);
    if (nc === 45 || nc === 0x2013 || nc === 0x2014) {
      const dashAlone = k + 1 < n && isInlineSpace(text.charCodeAt(k + 1)) && nc === 45;
      return dashAlone ? { end: j, resume: j } : noBoundary(j);
    }
    if (isTerminal(nc)) return noBoundary(j);

    // Spaced ellipsis: ". . ." after a space is an omission; "word. . . . Next" ends after "word.".
    if (spaced && isDotRun) {
      const bigAfter = isUpperAt(text, k) || isQuoteChar(nc) || isOpeningBracket(nc);
      if (!bigAfter) return noBoundary(j);
      if (attached) return this.periodEnds(i, k) ? { end: i + 1, resume: i + 1 } : noBoundary(j);
      return dots >= 4 ? { end: j, resume: j } : noBoundary(j);
    }

    if (isDigit(nc)) {
      if (last !== DOT || hasEllipsis || dots > 1) return noBoundary(j);
      if (closedAny) return { end: j, resume: j };
      return this.periodEndsBeforeNumber(lastTerminal) ? { end: j, resume: j } : noBoundary(j);
    }

    if (isOpeningBracket(nc)) {
      let m = k + 1;
      while (m < n && m - k < 4 && (isOpeningBracket(text.charCodeAt(m)) || isQuoteChar(text.charCodeAt(m)))) m += 1;
      if (m < n && isLowerAt(text, m)) return noBoundary(j);
      if (closedAny && !closedQuoteAtStart && !isClosingBracket(text.charCodeAt(j - 1))) return noBoundary(j);
      if (isDotRun && dots === 1 && !closedAny && this.knownAbbreviation(lastTerminal)) return noBoundary(j);
      return { end: j, resume: j };
    }

    // The next character is a capital, an opening quote, a bullet, or another letter or symbol.
    if (last === BANG || last === QMARK || last === 0x203d) {
      if (last === BANG && !closedAny && wordBefore(text, lastTerminal).toLowerCase() === 'yahoo') return noBoundary(j);
      return { end: j, resume: j };
    }
    if (hasEllipsis || dots > 1) return { end: j, resume: j };
    if (closedAny && !isAttachedDot(text, lastTerminal)) return { end: j, resume: j };
    if (closedAny) {
      // "(Ind.) Next" and "U.S.] Next": judge the word before the dot, but a closed bracket is a strong end.
      return { end: j, resume: j };
    }
    return this.periodEnds(lastTerminal, k) ? { end: j, resume: j } : noBoundary(j);
  }

  /** Speech broken off with a dash, 'to--" At this moment', ends at the closing quote when a capital follows. */
  private interruptedQuoteEnds(i: number): boolean {
    const { text, n } = this;
    if (i < 2) return false;
    const p1 = text.charCodeAt(i - 1);
    const dashed = (p1 === 45 && text.charCodeAt(i - 2) === 45) || p1 === 0x2014;
    if (!dashed || this.quotes?.openerOf.get(i) === undefined) return false;
    let k = i + 1;
    if (k >= n || !isInlineSpace(text.charCodeAt(k))) return false;
    while (k < n && isInlineSpace(text.charCodeAt(k))) k += 1;
    return k < n && isUpperAt(text, k) && !this.insideQuote(i + 1);
  }

  private knownAbbreviation(dot: number): boolean {
    const w = wordBefore(this.text, dot).toLowerCase();
    const key = w.replaceAll('.', '');
    return TITLES.has(key) || COMPANY.has(key) || BEFORE_NUMBER.has(key) || NEVER_FINAL.has(key) || OTHER.has(key);
  }

  /** A full stop followed by a number ends the sentence unless the word before it expects a number. */
  private periodEndsBeforeNumber(dot: number): boolean {
    const text = this.text;
    const prev = dot > 0 ? text.charCodeAt(dot - 1) : 32;
    if (prev === 0xb0 || prev === 0xba) return false;
    const w = wordBefore(text, dot);
    if (w.length === 0) return true;
    if (w.includes('.')) return false;
    if (w.length === 1) return false;
    const key = w.toLowerCase();
    return !(TITLES.has(key) || BEFORE_NUMBER.has(key) || NEVER_FINAL.has(key) || COMPANY.has(key) || OTHER.has(key));
  }

  /** A full stop at `dot` followed (after spaces) by a capital or symbol at `next`: does it end the sentence? */
  private periodEnds(dot: number, next: number): boolean {
    const text = this.text;
    const w = wordBefore(text, dot);
    if (w.length === 0) {
      const prev = dot > 0 ? text.charCodeAt(dot - 1) : 32;
      return !(prev === 0xb0 || prev === 0xba);
    }
    const nextWord = isLetterAt(text, next) ? wordAt(text, next) : '';
    const nextLower = nextWord.toLowerCase();
    const nextIsCapital = nextWord.length > 0 && isUpperAt(text, next);
    if (w.includes('.')) {
      const key = w.toLowerCase().replaceAll('.', '');
      if (NEVER_FINAL.has(key)) return false;
      if (!nextIsCapital) return true;
      if (TIME_INITIALS.has(key)) return this.words > 3;
      if (PLACE_INITIALS.has(key)) return !PLACE_CONTINUATIONS.has(nextLower);
      if (/^(?:\p{Lu}\.)+\p{Lu}$/u.test(w)) return SENTENCE_STARTERS.has(nextLower);
      return true;
    }
    if (w.length === 1) {
      // "£3m. Mbeki added": a unit letter glued to a number ends a sentence; it is not an initial.
      if (dot >= 2 && isDigit(text.charCodeAt(dot - 2))) return true;
      if (w !== 'I') return false;
      return !previousWordCapitalised(text, dot - 1);
    }
    const key = w.toLowerCase();
    if (TITLES.has(key) || NEVER_FINAL.has(key)) return false;
    if (COMPANY.has(key)) return !(nextIsCapital && nextWord.length <= 4 && nextWord === nextWord.toUpperCase());
    return true;
  }
}

/** A dot right after a lone capital letter: "J." in "J. K. Rowling". */
function isInitialDot(text: string, dot: number): boolean {
  return text.charCodeAt(dot) === DOT && dot > 0 && isUpperAt(text, dot - 1) && (dot < 2 || !isLetterAt(text, dot - 2));
}

function isAttachedDot(text: string, dot: number): boolean {
  return text.charCodeAt(dot) === DOT && dot > 0 && isLetterAt(text, dot - 1);
}

/** Sentence spans of `text`: offsets into `text`, trimmed of surrounding whitespace, in order. */
export function segmentSentences(text: string, options: SegmentOptions = {}): Span[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  return new Scanner(text, options.splitInsideQuotes === true).run();
}

/** The sentences of `text`, each trimmed. */
export function splitSentences(text: string): string[] {
  return segmentSentences(text).map((s) => text.slice(s.start, s.end));
}
