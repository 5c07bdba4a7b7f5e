import { COLLECTION_NAMES } from './records.js';

const NL = 0x0a;
const HEADER = /^"(schemaVersion|walSeq)": (\d+),$/;
const COLLECTION_OPEN = /^"([A-Za-z]+)": \[(\],?)?$/;

/**
 * Reads db.json as this code writes it (one record per line) without decoding the whole file into one
 * string: each line is decoded and parsed on its own. At 100k claims this halves the memory peak of
 * opening the database (no 200 MB string beside the 200 MB buffer). Any line that is not where the
 * layout puts it returns null, and the caller parses the file as a whole instead, which also gives the
 * precise error for a broken file.
 */
export function parseByLines(raw: Buffer): Record<string, unknown> | null {
  let pos = 0;
  const next = (): string | null => {
    if (pos >= raw.length) return null;
    let end = raw.indexOf(NL, pos);
    if (end < 0) end = raw.length;
    const line = raw.toString('utf8', pos, end);
    pos = end + 1;
    return line;
  };
  try {
    if (next() !== '{') return null;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < 2; i++) {
      const m = HEADER.exec(next() ?? '');
      if (!m) return null;
      out[m[1]!] = Number(m[2]);
    }
    const settings = next();
    if (!settings?.startsWith('"settings": ') || !settings.endsWith(',')) return null;
    out.settings = JSON.parse(settings.slice('"settings": '.length, -1));
    const known = new Set<string>(COLLECTION_NAMES);
    for (;;) {
      const line = next();
      if (line === null) return null;
      if (line.startsWith('"journal": ')) {
        out.journal = JSON.parse(line.slice('"journal": '.length));
        return next() === '}' && pos >= raw.length ? out : null;
      }
      const m = COLLECTION_OPEN.exec(line);
      if (!m || !known.has(m[1]!) || m[1]! in out) return null;
      const list: unknown[] = [];
      out[m[1]!] = list;
      if (m[2]) continue;
      for (;;) {
        const rec = next();
        if (rec === null) return null;
        if (rec === '],' || rec === ']') break;
        list.push(JSON.parse(rec.endsWith(',') ? rec.slice(0, -1) : rec));
      }
    }
  } catch {
    return null;
  }
}
