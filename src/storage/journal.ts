import type { FileHandle } from 'node:fs/promises';
import { DbFileError } from './errors.js';

/** One committed transaction as it is journalled: its sequence number and its operations. */
export interface JournalEntry {
  seq: number;
  ops: JournalOp[];
}
export type JournalOp =
  | ['put', string, { id: string }]
  | ['del', string, string]
  | ['settings', unknown];

/**
 * The unit the kernel writes atomically with respect to SIGKILL: generic_perform_write copies one page
 * at a time and stops between pages when a fatal signal is pending, so a write that stays inside one
 * page lands whole or not at all.
 */
export const PAGE = 4096;

const BACKSLASH = 0x5c;
const LETTER_U = 0x75;
const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_G = /[^\x00-\x7f]/g;
const HEX = '0123456789abcdef';

/** Char codes of the two-character escapes JSON.stringify emits, by their second character. */
const SHORT_ESCAPES: Record<number, number> = { 0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09 };

/** The body of a JSON string literal for `s`, in pure ASCII (non-ASCII as \uXXXX). */
export function escapeJsonString(s: string): string {
  const body = JSON.stringify(s).slice(1, -1);
  if (!NON_ASCII.test(body)) return body;
  return body.replace(NON_ASCII_G, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One journal line as it goes into the journal string: escaped entry JSON and an escaped newline. */
export function encodeEntry(entry: JournalEntry): Buffer {
  return Buffer.from(escapeJsonString(`${JSON.stringify(entry)}\n`), 'latin1');
}

export interface PlannedWrite {
  position: number;
  data: Buffer;
}

/**
 * Splits escaped journal bytes that go at file offset `start` into writes that each stay inside one
 * page, so a SIGKILL can only leave whole writes behind, and orders them so that every state the file
 * passes through is valid JSON:
 * - writes go in increasing offset order and never end inside an escape sequence;
 * - an escape that would cross a page boundary cannot be written whole. A two-character one (\" or \\)
 *   has no safe order for its halves, so it is widened to the equivalent \u00XX; the tail of a \u escape
 *   (hex digits) is harmless on its own, so it is written first and the head after it. In between, the
 *   journal ends in an unterminated line, which a reader drops as a torn, unacknowledged write.
 * Returns the writes and the number of bytes they fill (widening can add 4 bytes per page boundary).
 */
export function planAppend(encoded: Buffer, start: number): { length: number; writes: PlannedWrite[] } {
  const out = Buffer.allocUnsafe(encoded.length + 4 * (Math.ceil(encoded.length / PAGE) + 1));
  const straddles: number[] = [];
  let o = 0;
  let i = 0;
  while (i < encoded.length) {
    const next = encoded.indexOf(BACKSLASH, i);
    const plainEnd = next < 0 ? encoded.length : next;
    if (plainEnd > i) {
      encoded.copy(out, o, i, plainEnd);
      o += plainEnd - i;
      i = plainEnd;
      continue;
    }
    const long = encoded[i + 1] === LETTER_U;
    const len = long ? 6 : 2;
    const boundary = (Math.floor((start + o) / PAGE) + 1) * PAGE;
    if (start + o + len <= boundary) {
      encoded.copy(out, o, i, i + len);
      o += len;
    } else {
      if (long) {
        encoded.copy(out, o, i, i + 6);
      } else {
        const code = SHORT_ESCAPES[encoded[i + 1]!];
        if (code === undefined) throw new Error(`unexpected escape \\${String.fromCharCode(encoded[i + 1]!)} in journal data`);
        out.write(`\\u00${HEX[code >> 4]}${HEX[code & 15]}`, o, 'latin1');
      }
      straddles.push(o);
      o += 6;
    }
    i += len;
  }

  const writes: PlannedWrite[] = [];
  const pushSplit = (from: number, to: number) => {
    while (from < to) {
      const pageEnd = (Math.floor((start + from) / PAGE) + 1) * PAGE - start;
      const end = Math.min(to, pageEnd);
      writes.push({ position: start + from, data: out.subarray(from, end) });
      from = end;
    }
  };
  let cur = 0;
  for (const s of straddles) {
    const boundary = (Math.floor((start + s) / PAGE) + 1) * PAGE - start;
    pushSplit(cur, s);
    writes.push({ position: start + boundary, data: out.subarray(boundary, s + 6) });
    writes.push({ position: start + s, data: out.subarray(s, boundary) });
    cur = s + 6;
  }
  pushSplit(cur, o);
  return { length: o, writes };
}

export interface ParsedJournal {
  /** Entries after `walSeq`, in order. */
  entries: JournalEntry[];
  /** A final line that does not parse: a write cut short before it was acknowledged. */
  torn: boolean;
  /** Lines in the journal (complete entries, including any at or before walSeq). */
  lines: number;
}

/**
 * Reads the journal string of db.json: `\n`-separated entries followed by space padding. A last line
 * that does not parse is a torn write (never acknowledged, because acknowledgement waits for the
 * fdatasync after the whole batch) and is dropped; a bad line before it is corruption.
 */
export function parseJournal(file: string, journal: string, walSeq: number): ParsedJournal {
  const lines = journal.split('\n');
  const last = lines.pop() ?? '';
  const entries: JournalEntry[] = [];
  let expected = walSeq + 1;
  const take = (entry: JournalEntry, lineNo: number) => {
    if (entry.seq <= walSeq) return;
    if (entry.seq !== expected) {
      throw new DbFileError(file, `journal line ${lineNo} holds entry ${entry.seq} where entry ${expected} was expected, so the journal is corrupt`);
    }
    expected++;
    entries.push(entry);
  };
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const entry = parseEntry(line);
    if (!entry) throw new DbFileError(file, `journal line ${i + 1} is corrupt (it is followed by further entries, so it is not a torn final write)`);
    take(entry, i + 1);
    count++;
  }
  let torn = false;
  if (last.trim() !== '') {
    // A complete entry cut off just before its newline was written whole: it is kept.
    const entry = parseEntry(last);
    if (entry) {
      take(entry, lines.length + 1);
      count++;
    }
    torn = true;
  }
  return { entries, torn, lines: count };
}

function parseEntry(line: string): JournalEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  const e = value as { seq?: unknown; ops?: unknown };
  if (typeof e.seq !== 'number' || !Number.isInteger(e.seq) || !Array.isArray(e.ops)) return null;
  return value as JournalEntry;
}

interface Pending {
  seq: number;
  data: Buffer;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** The journal region of the open db.json: the handle to write through and where the region is. */
export interface JournalTarget {
  handle: FileHandle;
  regionStart: number;
  regionSize: number;
  used: number;
}

export interface JournalHooks {
  /** The region is filling up: a checkpoint should start. */
  nearlyFull: () => void;
  /** Entries are waiting because the region has no room for them: a checkpoint must make room. */
  full: () => void;
}

/** Share of the region in use that asks for a checkpoint. */
const NEARLY_FULL = 0.75;

/**
 * Appends committed transactions to the journal string inside db.json. A transaction is acknowledged
 * once its bytes are written and fdatasync'ed. Entries that arrive while a flush is under way are
 * written together by the next flush (group commit), so many concurrent writers cost a few syncs.
 * Appends never write past the region: when it is full they wait for a checkpoint to switch them to
 * a fresh file.
 */
export class Journal {
  private queue: Pending[] = [];
  private running: Promise<void> = Promise.resolve();
  private scheduled = false;
  private paused = false;
  private broken: unknown = null;
  private retainAfter: number | null = null;
  private retained: Buffer[] = [];
  flushes = 0;
  entries = 0;
  writes = 0;
  bytes = 0;
  /** Flushes that found no room and waited for a checkpoint. */
  stalls = 0;

  constructor(
    private target: JournalTarget,
    private readonly hooks: JournalHooks,
  ) {}

  get used(): number {
    return this.target.used;
  }

  get regionSize(): number {
    return this.target.regionSize;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Queues an encoded entry; resolves once it is on disk. */
  append(seq: number, data: Buffer): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      this.queue.push({ seq, data, resolve, reject });
      this.entries++;
      this.kick();
    });
  }

  /** Schedules a flush; setImmediate gathers every entry committed in the same turn of the event loop. */
  kick(): void {
    if (this.scheduled || this.paused || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      void this.exclusive(() => this.flush());
    });
  }

  /** Holds appends in the queue (a restore must not have later entries land in the old file). */
  pause(): void {
    this.paused = true;
  }

  /** Keeps a copy of every entry after `seq` that gets flushed, for a checkpoint taken at `seq`. */
  retainFrom(seq: number): void {
    this.retainAfter = seq;
    this.retained = [];
  }

  stopRetaining(): void {
    this.retainAfter = null;
    this.retained = [];
  }

  /** Bytes the entries after `seq` need in a new region: flushed ones to copy, and queued ones. */
  backlogAfter(seq: number): { carried: Buffer; queuedBytes: number } {
    let queuedBytes = 0;
    for (const p of this.queue) if (p.seq > seq) queuedBytes += p.data.length + 4 * (Math.ceil(p.data.length / PAGE) + 1);
    return { carried: Buffer.concat(this.retained), queuedBytes };
  }

  /**
   * Points appends at a new file (call inside exclusive(), after the new file is in place). Entries
   * still queued at or before `snapshotSeq` are in that file already, so they are acknowledged now.
   * Returns the old handle for the caller to close.
   */
  switchTo(target: JournalTarget, snapshotSeq: number): FileHandle {
    const old = this.target.handle;
    this.target = target;
    const keep: Pending[] = [];
    for (const p of this.queue) {
      if (p.seq <= snapshotSeq) p.resolve();
      else keep.push(p);
    }
    this.queue = keep;
    this.paused = false;
    this.stopRetaining();
    return old;
  }

  /** Nothing more may be acknowledged after a failed write: order matters, and memory is ahead of disk. */
  fail(err: unknown): void {
    this.broken ??= err;
    for (const p of this.queue.splice(0)) p.reject(err);
  }

  get failure(): unknown {
    return this.broken;
  }

  /** Runs `fn` with no flush in progress and none starting until it is done. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.running.then(fn);
    this.running = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Resolves once every queued entry has been flushed (or the journal has failed). */
  async drain(): Promise<void> {
    while (this.queue.length && !this.broken && !this.paused) {
      this.kick();
      await new Promise<void>((resolve) => setImmediate(resolve));
      await this.exclusive(async () => undefined);
    }
  }

  async close(): Promise<void> {
    await this.exclusive(async () => undefined);
    await this.target.handle.close();
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    while (this.queue.length && !this.paused && !this.broken) {
      const room = this.target.regionSize - this.target.used;
      const start = this.target.regionStart + this.target.used;
      let count = this.queue.length;
      let plan = planAppend(concat(this.queue, count), start);
      while (plan.length > room && count > 0) {
        count = Math.min(count - 1, fitting(this.queue, room));
        plan = count > 0 ? planAppend(concat(this.queue, count), start) : { length: 0, writes: [] };
      }
      if (count === 0) {
        this.stalls++;
        this.hooks.full();
        return;
      }
      const batch = this.queue.splice(0, count);
      try {
        for (const w of plan.writes) {
          let done = 0;
          while (done < w.data.length) {
            const { bytesWritten } = await this.target.handle.write(w.data, done, w.data.length - done, w.position + done);
            done += bytesWritten;
          }
        }
        await this.target.handle.datasync();
      } catch (err) {
        for (const p of batch) p.reject(err);
        this.fail(err);
        return;
      }
      this.target.used += plan.length;
      this.flushes++;
      this.writes += plan.writes.length;
      this.bytes += plan.length;
      if (this.retainAfter !== null) for (const p of batch) if (p.seq > this.retainAfter) this.retained.push(p.data);
      for (const p of batch) p.resolve();
      if (this.target.used > this.target.regionSize * NEARLY_FULL) this.hooks.nearlyFull();
    }
  }
}

function concat(queue: readonly Pending[], count: number): Buffer {
  if (count === 1) return queue[0]!.data;
  return Buffer.concat(queue.slice(0, count).map((p) => p.data));
}

/** How many queued entries surely fit in `room` bytes, allowing for widened escapes at page boundaries. */
function fitting(queue: readonly Pending[], room: number): number {
  let bytes = 0;
  for (let i = 0; i < queue.length; i++) {
    bytes += queue[i]!.data.length;
    if (bytes + 4 * (Math.ceil(bytes / PAGE) + 1) > room) return i;
  }
  return queue.length;
}
