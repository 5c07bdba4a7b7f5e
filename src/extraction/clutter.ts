/**
 * Page furniture in pasted text. Each rule looks at one line at a time; a line that matches is
 * reported as a clutter span and stays in the text (a reviewer can still see it) but yields no claim.
 */
import type { ClutterSpan } from '../storage/records.js';
import { SECTION_TAGS } from './abbreviations.js';

interface LineRule {
  kind: string;
  /** Longest line the rule applies to: furniture is short, body paragraphs are not. */
  maxLength: number;
  test: RegExp;
}

const RULES: readonly LineRule[] = [
  { kind: 'copyright', maxLength: 300, test: /^(©|\(c\)\s|copyright\b)|©\s*\d{4}|\ball rights reserved\b/i },
  { kind: 'cookie', maxLength: 400, test: /\bcookies?\b.*\b(accept|consent|use|policy|settings|preferences|agree)|\b(accept|reject|manage) (all )?cookies\b/i },
  { kind: 'newsletter', maxLength: 200, test: /\bnewsletters?\b|\bsign up (for|to)\b|^sign up\b|\bdelivered (straight )?to your inbox\b|^get (our|the) .{0,40}\b(email|briefing|bulletin)\b/i },
  { kind: 'subscribe', maxLength: 200, test: /^(subscribe|subscribers?|become a (member|subscriber)|support (our|independent) journalism|already a subscriber)\b|\bsubscribe (now|today|to (our|the))\b|^(sign in|log in|login)\s*(\/|\||or|,)?\s*(subscribe|register|sign up)$/i },
  { kind: 'share', maxLength: 120, test: /^(share|tweet|email|print|copy link|save)( this| on| via| article| story| page|:|$)|\bshare (this|on) (facebook|twitter|x|whatsapp|linkedin|email)\b|^(facebook|twitter|whatsapp|linkedin|email)(\s*[|,·•]\s*(facebook|twitter|x|whatsapp|linkedin|email|copy link))+$|^follow us\b|^(\d+\s+)?comments?\s*(\(\d+\)|:?\s*\d+)?$|^(view|show|read|add|leave)( all)? comments?\b|^join the (conversation|discussion)\b/i },
  { kind: 'read-more', maxLength: 200, test: /^(read more|read also|also read|read next|more:|see also|continue reading|click here|read the full (story|article))\b/i },
  { kind: 'related', maxLength: 200, test: /^(related( (stories|articles|coverage|content|videos?|topics?|links?))?|more on this story|you may also like|recommended( for you)?|most (read|popular|viewed|shared)|trending( now)?|watch( more)?|video|top stories|latest news|more from [\p{L} ]{1,30}|editor'?s picks?)\s*[:\-–|]?\s*$|^(related|watch|video|listen|podcast)\s*:/iu },
  { kind: 'photo-credit', maxLength: 160, test: /^(photo|photograph|image|picture|pictured|credit|illustration)s?( credit)?\s*[:\-–]|^\(?(photo|image)s?:?\s|(\/|\|)\s*(getty images|ap|afp|reuters|epa|shutterstock|alamy)\s*\)?$|\b(getty images|ap photo|afp via getty images|reuters\/[a-z]+)\b/i },
  { kind: 'byline', maxLength: 120, test: /^by\s+\p{Lu}[\p{L}.'’-]*(\s+(and\s+)?\p{Lu}[\p{L}.'’-]*){0,6}(\s*[,|–·-].*)?$|^(published|updated|posted|last updated|first published|last modified)\b\s*(on|at|:)?\s*\S.*$|^\d{1,3} (min|minute)s?( read|\s+listen)?$|^(reading time|listen)\s*:?\s*\d{1,3} (min|minute)s?$/iu },
  // Lines that are only a date and/or a time: "14 March 2024", "Jan. 14, 2026 6:02 p.m. ET", "10:42 GMT".
  { kind: 'byline', maxLength: 60, test: /^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?(?:\s+\d{4})?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?(?:\s+\d{4})?|\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{2,4})?(?:\s*[,·|–-]?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{2,4})?)?$/i },
  { kind: 'advert', maxLength: 60, test: /^(advertisement|advert|ad|sponsored( content| by .{1,40})?|paid (content|partner|post)|promoted( content)?|partner content|story continues (below|after) (this )?advert(isement)?)$/i },
  { kind: 'navigation', maxLength: 200, test: /^(home|menu|skip to (main )?content|skip to (the )?(navigation|article)|back to top|search|sign in|log in|login|register|close|open|loading\.{0,3}|listen to (this )?(article|story)|print this (article|page)|show more|load more|next article|previous article|more)$|^(topics?|tags?|filed under|categories|category|more about|explore)\s*:/i },
];
export interface LineInfo {
  start: number;
  end: number;
}

/** Trimmed lines of `text`, with offsets. */
export function linesOf(text: string): LineInfo[] {
  const out: LineInfo[] = [];
  let start = 0;
  const n = text.length;
  while (start <= n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s] ?? '')) s += 1;
    while (e > s && /\s/.test(text[e - 1] ?? '')) e -= 1;
    if (e > s) out.push({ start: s, end: e });
    start = end + 1;
  }
  return out;
}

const LONGEST_RULE = Math.max(...RULES.map((r) => r.maxLength));

/** Menu entries that can make a two-item line navigation ("Sign in  Subscribe"). */
const MENU_WORDS = new Set([
  'home', 'menu', 'search', 'sign in', 'log in', 'login', 'logout', 'log out', 'register', 'subscribe', 'account',
  'my account', 'newsletters', 'newsletter', 'sign up', 'help', 'contact', 'contact us', 'about', 'about us', 'news',
  'opinion', 'sport', 'sports', 'video', 'videos', 'podcasts', 'world', 'business', 'markets', 'culture', 'lifestyle',
  'weather', 'more', 'edition', 'donate', 'support us',
]);
/** Separators between menu entries: pipes, chevrons, bullets, slashes or a run of two or more spaces. */
const MENU_SPLIT = /\s*[|›»>•·\/]\s*|\s{2,}|\t/;
/** A menu entry: one to three capitalised-or-menu words, no sentence punctuation. */
const MENU_ITEM = /^[\p{Lu}\p{N}][\p{L}\p{N}&'’-]*(?: [\p{L}&'’-]+){0,2}$/u;

/**
 * A line made of short menu entries ("Home | World | Business", "Sign in  Subscribe"). Three or more
 * entries are a menu whatever they say; two need a known menu word, because "Name  Role" lines exist.
 */
function isMenu(line: string): boolean {
  if (line.length > 200 || /[.!?,;:]$/.test(line)) return false;
  const items = line.split(MENU_SPLIT).filter((x) => x.length > 0);
  if (items.length < 2) return false;
  for (const item of items) if (item.length > 30 || !MENU_ITEM.test(item)) return false;
  if (items.length >= 3) return true;
  return items.some((item) => MENU_WORDS.has(item.toLowerCase()));
}

function classify(line: string): string | null {
  if (line.length > LONGEST_RULE) return null;
  for (const rule of RULES) {
    if (line.length <= rule.maxLength && rule.test.test(line)) return rule.kind;
  }
  if (isMenu(line)) return 'navigation';
  return null;
}

/** The clutter kind of one trimmed line, or null when it is body text. */
export function clutterKind(line: string): string | null {
  const kind = classify(line);
  if (kind) return kind;
  return line.length > 0 && sectionTagLength(line) === line.length ? 'section-tag' : null;
}

/**
 * Finds clutter spans. `protect` is a span (the recognised title) that is never clutter, even if
 * the same line appears again.
 */
export function detectClutter(text: string, protect: LineInfo | null = null): ClutterSpan[] {
  const lines = linesOf(text);
  const spans: ClutterSpan[] = [];
  const seen = new Map<string, LineInfo[]>();
  for (const line of lines) {
    const body = text.slice(line.start, line.end);
    if (protect && line.start <= protect.start && line.end >= protect.end && line.start === protect.start) continue;
    // A line rule names furniture more precisely than a section label ("Advertisement" is an advert).
    const kind = classify(body);
    if (kind) {
      spans.push({ start: line.start, end: line.end, kind });
      continue;
    }
    const tagLen = sectionTagLength(body);
    if (tagLen > 0) {
      spans.push({ start: line.start, end: line.start + tagLen, kind: 'section-tag' });
      continue;
    }
    // Only short, unpunctuated lines count as repeats: real paragraphs are rarely pasted twice.
    if (body.length <= 200 && !/[.!?]["”’)]?$/.test(body) && body.split(/\s+/).length >= 2) {
      const key = body.toLowerCase();
      const list = seen.get(key) ?? [];
      list.push(line);
      seen.set(key, list);
    }
  }
  for (const list of seen.values()) {
    if (list.length < 2) continue;
    for (const line of list) spans.push({ start: line.start, end: line.end, kind: 'related' });
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** Length of a section label at the start of a line: a line that is only a label, or a label glued to a headline. */
export function sectionTagLength(line: string): number {
  for (const tag of SECTION_TAGS) {
    if (!line.startsWith(tag)) continue;
    if (line.length === tag.length) return tag.length;
    const next = line.charAt(tag.length);
    const after = line.charAt(tag.length + 1);
    if (/\p{Lu}/u.test(next) && (/\p{Ll}/u.test(after) || after === '-')) return tag.length;
  }
  return 0;
}
