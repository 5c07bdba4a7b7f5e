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
  { kind: 'newsletter', maxLength: 200, test: /\bnewsletters?\b|\bsign up (for|to) (our|the)\b|\bdelivered (straight )?to your inbox\b/i },
  { kind: 'subscribe', maxLength: 200, test: /^(subscribe|subscribers?|become a (member|subscriber)|support (our|independent) journalism|already a subscriber)\b|\bsubscribe (now|today|to (our|the))\b/i },
  { kind: 'share', maxLength: 120, test: /^(share|tweet|email|print|copy link|save)( this| on| via| article| story| page|:|$)|\bshare (this|on) (facebook|twitter|x|whatsapp|linkedin|email)\b|^(facebook|twitter|whatsapp|linkedin|email)(\s*[|,·•]\s*(facebook|twitter|x|whatsapp|linkedin|email|copy link))+$/i },
  { kind: 'read-more', maxLength: 200, test: /^(read more|read also|also read|read next|more:|see also|continue reading|click here|read the full (story|article))\b/i },
  { kind: 'related', maxLength: 200, test: /^(related( (stories|articles|coverage|content|videos?|topics?|links?))?|more on this story|you may also like|recommended( for you)?|most (read|popular|viewed)|watch( more)?|video|top stories|latest news)\s*[:\-–|]?\s*$|^(related|watch|video|listen)\s*:/i },
  { kind: 'photo-credit', maxLength: 160, test: /^(photo|photograph|image|picture|pictured|credit|illustration)s?( credit)?\s*[:\-–]|^\(?(photo|image)s?:?\s|(\/|\|)\s*(getty images|ap|afp|reuters|epa|shutterstock|alamy)\s*\)?$|\b(getty images|ap photo|afp via getty images|reuters\/[a-z]+)\b/i },
  { kind: 'byline', maxLength: 120, test: /^by\s+\p{Lu}[\p{L}.'’-]*(\s+(and\s+)?\p{Lu}[\p{L}.'’-]*){0,6}(\s*[,|–-].*)?$|^(published|updated|posted|last updated|first published)\b\s*(on|at|:)?\s*\S.*$|^\d{1,2} (min|minute)s? read$/iu },
  { kind: 'navigation', maxLength: 200, test: /^(home|menu|skip to (main )?content|back to top|search|sign in|log in|login|register|close|advertisement|sponsored content|loading\.{0,3})$|^[^.!?]{1,40}(\s*[|›»>\/]\s*[^.!?|›»>\/]{1,40}){2,}$/i },
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

function classify(line: string): string | null {
  if (line.length > LONGEST_RULE) return null;
  for (const rule of RULES) {
    if (line.length <= rule.maxLength && rule.test.test(line)) return rule.kind;
  }
  return null;
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
    const tagLen = sectionTagLength(body);
    if (tagLen > 0) {
      spans.push({ start: line.start, end: line.start + tagLen, kind: 'section-tag' });
      continue;
    }
    const kind = classify(body);
    if (kind) {
      spans.push({ start: line.start, end: line.end, kind });
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
