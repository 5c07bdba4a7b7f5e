import type { ClaimRecord, ClutterSpan } from '../storage/records.js';

export interface Segment {
  start: number;
  text: string;
  claim: ClaimRecord | null;
  clutter: string | null;
}

/**
 * Cuts the article text into consecutive segments for display: plain text, claims (highlighted in
 * place) and clutter (shown, but marked as not part of the body). The segments' texts concatenate to
 * the article text exactly, so offsets computed in the browser match the stored ones. A claim that
 * overlaps an earlier one (a manual claim over an extracted one) is listed but not highlighted inline.
 */
export function segments(text: string, claims: readonly ClaimRecord[], clutter: readonly ClutterSpan[]): Segment[] {
  type Mark = { start: number; end: number; claim: ClaimRecord | null; clutter: string | null };
  const marks: Mark[] = [
    ...claims.filter((c) => c.status !== 'dismissed').map((c) => ({ start: c.start, end: c.end, claim: c, clutter: null })),
    ...clutter.map((k) => ({ start: k.start, end: k.end, claim: null, clutter: k.kind })),
    ...claims.filter((c) => c.status === 'dismissed').map((c) => ({ start: c.start, end: c.end, claim: c, clutter: null })),
  ].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Segment[] = [];
  let pos = 0;
  for (const m of marks) {
    if (m.start < pos || m.end > text.length || m.end <= m.start) continue;
    if (m.start > pos) out.push({ start: pos, text: text.slice(pos, m.start), claim: null, clutter: null });
    out.push({ start: m.start, text: text.slice(m.start, m.end), claim: m.claim, clutter: m.clutter });
    pos = m.end;
  }
  if (pos < text.length) out.push({ start: pos, text: text.slice(pos), claim: null, clutter: null });
  return out;
}
