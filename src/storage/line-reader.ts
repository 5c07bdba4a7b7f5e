import type { FileHandle } from 'node:fs/promises';
import { COLLECTION_NAMES } from './records.js';

const NL = 0x0a;
const HEADER = /^"(schemaVersion|walSeq)": (\d+),$/;
const COLLECTION_OPEN = /^"([A-Za-z]+)": \[(\],?)?$/;
const JOURNAL_PREFIX = '"journal": ';
/** Bytes read from the file at a time: the whole file is never in memory as one buffer. */
const CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * A reader for db.json as this code writes it: a header, one record per line, the journal string on
 * the last member's line. Lines are fed one at a time; anything not where the layout puts it makes
 * the reader give up (`failed`), and the caller parses the file as a whole instead, which also gives
 * the precise error for a broken file.
 */
class LineParser {
  readonly out: Record<string, unknown> = {};
  failed = false;
  done = false;
  /** Byte offset of the journal line and its length in bytes (the journal line is ASCII). */
  journalLine: { offset: number; bytes: number; used: number } | null = null;
  private step = 0;
  private list: unknown[] | null = null;
  private readonly known = new Set<string>(COLLECTION_NAMES);

  push(line: string, offset: number): void {
    if (this.failed) return;
    try {
      if (!this.accept(line, offset)) this.failed = true;
    } catch {
      this.failed = true;
    }
  }

  private accept(line: string, offset: number): boolean {
    if (this.done) return false;
    if (this.step === 0) {
      this.step = 1;
      return line === '{';
    }
    if (this.step === 1 || this.step === 2) {
      const m = HEADER.exec(line);
      if (!m) return false;
      this.out[m[1]!] = Number(m[2]);
      this.step++;
      return true;
    }
    if (this.step === 3) {
      this.step = 4;
      if (!line.startsWith('"settings": ') || !line.endsWith(',')) return false;
      this.out.settings = JSON.parse(line.slice('"settings": '.length, -1));
      return true;
    }
    if (this.step === 5) {
      this.done = line === '}';
      return this.done;
    }
    if (this.list) {
      if (line === '],' || line === ']') {
        this.list = null;
        return true;
      }
      this.list.push(JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line));
      return true;
    }
    if (line.startsWith(JOURNAL_PREFIX)) {
      this.out.journal = JSON.parse(line.slice(JOURNAL_PREFIX.length));
      // Entries, then space padding, then the closing quote: the same scan as locateJournal in file.ts.
      let end = line.length - 1;
      while (end > JOURNAL_PREFIX.length + 1 && line.charCodeAt(end - 1) === 0x20) end--;
      this.journalLine = { offset, bytes: line.length, used: end - (JOURNAL_PREFIX.length + 1) };
      this.step = 5;
      return true;
    }
    const m = COLLECTION_OPEN.exec(line);
    if (!m || !this.known.has(m[1]!) || m[1]! in this.out) return false;
    const list: unknown[] = [];
    this.out[m[1]!] = list;
    if (!m[2]) this.list = list;
    return true;
  }
}

export interface LinesRead {
  parsed: Record<string, unknown>;
  /** Where the journal string's content starts, its size, and how much of it holds entries. */
  journal: { regionStart: number; regionSize: number; used: number };
}

/** Reads an open db.json in chunks, line by line; null when it is not laid out as this code writes it. */
export async function readByLines(handle: FileHandle, size: number): Promise<LinesRead | null> {
  const parser = new LineParser();
  const pending: Buffer[] = [];
  let pendingStart = 0;
  let position = 0;
  const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, size)));
  while (position < size && !parser.failed) {
    const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, size - position), position);
    if (bytesRead === 0) break;
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(NL, from);
      if (nl < 0 || nl >= bytesRead) break;
      const piece = chunk.subarray(from, nl);
      const line = pending.length ? Buffer.concat([...pending, piece]).toString('utf8') : piece.toString('utf8');
      parser.push(line, pending.length ? pendingStart : position + from);
      pending.length = 0;
      from = nl + 1;
      pendingStart = position + from;
      if (parser.failed) return null;
    }
    // A line running past this chunk waits for the rest; the copy is needed because the chunk is reused.
    if (from < bytesRead) pending.push(Buffer.from(chunk.subarray(from, bytesRead)));
    position += bytesRead;
  }
  if (parser.failed || !parser.done || pending.length || !parser.journalLine) return null;
  if (typeof parser.out.journal !== 'string') return null;
  const { offset, bytes, used } = parser.journalLine;
  return { parsed: parser.out, journal: { regionStart: offset + JOURNAL_PREFIX.length + 1, regionSize: bytes - JOURNAL_PREFIX.length - 2, used } };
}
