// A streaming parser for `git log -z --raw -p -U0 --format=%x1e%H%x1f%P` output: per commit its
// raw entries (status, modes, blobs, paths: NUL-separated, never quoted) and, for the entries the
// caller asks for, the hunk headers of its patch. Content lines are skipped by counting them from
// the hunk header, never by looking for a marker, so a line holding any byte (RS, NUL, "diff --git")
// cannot derail the parse; nothing is copied except the short structural lines.
//
// Patches come in the order of the raw entries; a type change (file <-> symlink <-> submodule)
// is printed as two patches (deletion, then creation), which the parser accounts for.

const RS = 0x1e;
const US = 0x1f;
const NUL = 0;
const NL = 0x0a;
const COLON = 0x3a;

export interface RawEntry {
  /** `M`, `A`, `D`, `R`, `T` (copies are never asked for). */
  status: string;
  srcMode: number;
  dstMode: number;
  srcBlob: string;
  dstBlob: string;
  /** Path in the parent (the rename source for `R`). */
  srcPath: string;
  /** Path in the commit. */
  dstPath: string;
  /**
   * Hunks as flat quadruples (oldStart, oldCount, newStart, newCount), unified-diff numbering;
   * null when the caller did not ask for this entry's hunks.
   */
  hunks: number[] | null;
}

export interface PatchCommit {
  sha: string;
  parents: string[];
  entries: RawEntry[];
}

export interface PatchStreamHandler {
  /** Whether the hunks of this entry are wanted (called once per raw entry, before its patch). */
  wants(entry: RawEntry): boolean;
  /** A commit is complete: every patch of its wanted entries has been read. */
  commit(commit: PatchCommit): void;
}

const S_IFMT = 0o170000;
const DIFF_GIT = Buffer.from('diff --git ');

/** Whether `buf` holds `prefix` at `pos` (no search, no copy). */
export function startsAt(buf: Buffer, pos: number, prefix: Buffer): boolean {
  return pos + prefix.length <= buf.length && buf.compare(prefix, 0, prefix.length, pos, pos + prefix.length) === 0;
}

/** Number of patches git prints for one raw entry: a type change is split in two. */
function patchesOf(e: RawEntry): number {
  return e.srcMode !== 0 && e.dstMode !== 0 && (e.srcMode & S_IFMT) !== (e.dstMode & S_IFMT) ? 2 : 1;
}

const enum_ = {
  top: 0, // expecting RS + `%H%x1f%P` + NUL (a commit header), or the end
  afterHeader: 2, // RS (next commit), NL (raw entries follow) or the end
  raw: 3, // ':' another raw entry, NUL (patches follow), RS or the end
  line: 4, // at the start of a patch line (or RS)
  content: 5, // at the start of a hunk content line
  skipLine: 6, // inside a content line: skip to its newline
  afterHunk: 7, // a `\ No newline` marker may follow
} as const;
type State = (typeof enum_)[keyof typeof enum_];

export class PatchStreamError extends Error {}

export class PatchStreamParser {
  private readonly handler: PatchStreamHandler;
  private state: State = enum_.top;
  private carry: Buffer | null = null;
  private current: PatchCommit | null = null;
  /** Owner entry of each patch of the current commit, in print order. */
  private patchOwner: number[] = [];
  private patchIndex = -1;
  private entry: RawEntry | null = null;
  private oldLeft = 0;
  private newLeft = 0;
  /** Bytes read so far (for error messages). */
  private offset = 0;

  constructor(handler: PatchStreamHandler) {
    this.handler = handler;
  }

  /** The commit being read (header seen, not yet complete), if any. */
  get pending(): PatchCommit | null {
    return this.current;
  }

  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.carry) {
      buf = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    const used = this.parse(buf);
    this.offset += used;
    if (used < buf.length) this.carry = Buffer.from(buf.subarray(used));
  }

  /** Ends the stream: completes the last commit. Throws on truncated output. */
  end(): void {
    if (this.carry && this.carry.length > 0) {
      // A last content line without a newline cannot happen (git ends every line), but a header can.
      throw new PatchStreamError(`unexpected end of git log output at byte ${this.offset}`);
    }
    if (this.state === enum_.skipLine || (this.state === enum_.content && (this.oldLeft > 0 || this.newLeft > 0))) {
      throw new PatchStreamError('git log output ended inside a hunk');
    }
    this.finishCommit();
    this.state = enum_.top;
  }

  /** Drops the commit being read (after git failed mid-commit). */
  reset(): void {
    this.carry = null;
    this.current = null;
    this.entry = null;
    this.state = enum_.top;
  }

  private finishCommit(): void {
    const c = this.current;
    if (!c) return;
    const expected = this.patchOwner.length;
    // Every raw entry gets its patch header(s); fewer means output this parser does not understand.
    if (c.entries.length > 0 && this.patchIndex + 1 !== expected) {
      throw new PatchStreamError(`commit ${c.sha}: ${c.entries.length} raw entries but ${this.patchIndex + 1} of ${expected} patches`);
    }
    this.current = null;
    this.entry = null;
    this.handler.commit(c);
  }

  /** Parses as much of `buf` as possible; returns the number of bytes consumed. */
  private parse(buf: Buffer): number {
    let pos = 0;
    const len = buf.length;
    while (pos < len) {
      switch (this.state) {
        case enum_.top: {
          if (buf[pos] !== RS) throw new PatchStreamError(`unexpected byte ${buf[pos]} at ${this.offset + pos} (expected a commit header)`);
          const end = buf.indexOf(NUL, pos + 1);
          if (end < 0) return pos; // the header continues in the next chunk
          const us = buf.indexOf(US, pos + 1);
          if (us < 0 || us > end) throw new PatchStreamError('unexpected commit header in git log output');
          const sha = buf.toString('latin1', pos + 1, us);
          const parentsText = buf.toString('latin1', us + 1, end);
          this.current = { sha, parents: parentsText === '' ? [] : parentsText.split(' '), entries: [] };
          this.patchOwner = [];
          this.patchIndex = -1;
          pos = end + 1;
          this.state = enum_.afterHeader;
          break;
        }
        case enum_.afterHeader: {
          const b = buf[pos];
          if (b === RS) {
            this.finishCommit();
            this.state = enum_.top;
          } else if (b === NL) {
            pos++;
            this.state = enum_.raw;
          } else {
            throw new PatchStreamError(`unexpected byte ${b} after a commit header`);
          }
          break;
        }
        case enum_.raw: {
          const b = buf[pos];
          if (b === COLON) {
            const used = this.rawEntry(buf, pos);
            if (used === 0) return pos; // incomplete: wait for more
            pos = used;
          } else if (b === NUL) {
            pos++;
            this.state = enum_.line;
          } else if (b === RS) {
            this.finishCommit();
            this.state = enum_.top;
          } else if (b === NL) {
            pos++; // tolerated between sections
          } else {
            throw new PatchStreamError(`unexpected byte ${b} in raw diff entries`);
          }
          break;
        }
        case enum_.line: {
          if (buf[pos] === RS) {
            this.finishCommit();
            this.state = enum_.top;
            break;
          }
          const nl = buf.indexOf(NL, pos);
          if (nl < 0) return pos;
          this.patchLine(buf, pos, nl);
          pos = nl + 1;
          break;
        }
        case enum_.content: {
          if (this.oldLeft === 0 && this.newLeft === 0) {
            this.state = enum_.afterHunk;
            break;
          }
          const b = buf[pos];
          if (b === 0x2d /* - */) this.oldLeft--;
          else if (b === 0x2b /* + */) this.newLeft--;
          else if (b === 0x20 /* space */) {
            this.oldLeft--;
            this.newLeft--;
          } else if (b !== 0x5c /* \ */) {
            throw new PatchStreamError(`unexpected hunk line at byte ${this.offset + pos}`);
          }
          if (this.oldLeft < 0 || this.newLeft < 0) throw new PatchStreamError('hunk longer than its header says');
          this.state = enum_.skipLine;
          break;
        }
        case enum_.skipLine: {
          const nl = buf.indexOf(NL, pos);
          if (nl < 0) return len; // the rest of this line is not needed
          pos = nl + 1;
          this.state = enum_.content;
          break;
        }
        case enum_.afterHunk: {
          if (buf[pos] === 0x5c /* \ */) {
            const nl = buf.indexOf(NL, pos);
            if (nl < 0) return pos;
            pos = nl + 1;
          }
          this.state = enum_.line;
          break;
        }
      }
    }
    return pos;
  }

  /** One `:modes blobs status\0path\0[path\0]` entry at `pos`; returns the end, or 0 when incomplete. */
  private rawEntry(buf: Buffer, pos: number): number {
    const metaEnd = buf.indexOf(NUL, pos);
    if (metaEnd < 0) return 0;
    const meta = buf.toString('latin1', pos + 1, metaEnd);
    const parts = meta.split(' ');
    if (parts.length !== 5) throw new PatchStreamError(`unexpected raw diff entry ${JSON.stringify(meta)}`);
    const status = parts[4]!.charAt(0);
    const pathEnd = buf.indexOf(NUL, metaEnd + 1);
    if (pathEnd < 0) return 0;
    let srcPath = buf.toString('utf8', metaEnd + 1, pathEnd);
    let dstPath = srcPath;
    let end = pathEnd + 1;
    if (status === 'R' || status === 'C') {
      const dstEnd = buf.indexOf(NUL, end);
      if (dstEnd < 0) return 0;
      dstPath = buf.toString('utf8', end, dstEnd);
      end = dstEnd + 1;
    } else {
      srcPath = status === 'A' ? '' : srcPath;
    }
    const entry: RawEntry = {
      status,
      srcMode: parseInt(parts[0]!, 8),
      dstMode: parseInt(parts[1]!, 8),
      srcBlob: parts[2]!,
      dstBlob: parts[3]!,
      srcPath,
      dstPath: status === 'D' ? '' : dstPath,
      hunks: null,
    };
    if (status === 'D') entry.srcPath = dstPath;
    const c = this.current!;
    const index = c.entries.length;
    c.entries.push(entry);
    for (let k = patchesOf(entry); k > 0; k--) this.patchOwner.push(index);
    if (this.handler.wants(entry)) entry.hunks = [];
    return end;
  }

  private patchLine(buf: Buffer, s: number, e: number): void {
    const b = buf[s];
    if (b === 0x64 /* d */ && startsAt(buf, s, DIFF_GIT)) {
      this.patchIndex++;
      const owner = this.patchOwner[this.patchIndex];
      if (owner === undefined) throw new PatchStreamError(`commit ${this.current?.sha}: more patches than raw entries`);
      this.entry = this.current!.entries[owner]!;
      return;
    }
    if (b === 0x40 /* @ */ && buf[s + 1] === 0x40) {
      const entry = this.entry;
      if (!entry) throw new PatchStreamError('hunk before any patch header');
      const h = hunkHeader(buf, s, e);
      entry.hunks?.push(h[0], h[1], h[2], h[3]);
      this.oldLeft = h[1];
      this.newLeft = h[3];
      this.state = enum_.content;
      return;
    }
    // Extended header lines (index, modes, rename from/to, ---/+++): the raw entry said it all.
  }
}

const header: [number, number, number, number] = [0, 0, 0, 0];

/** Parses `@@ -a[,b] +c[,d] @@` at `buf[s..e)` (the returned tuple is reused). */
function hunkHeader(buf: Buffer, s: number, e: number): [number, number, number, number] {
  let p = s + 2;
  const num = (): number => {
    let v = 0;
    const start = p;
    while (buf[p]! >= 0x30 && buf[p]! <= 0x39) v = v * 10 + buf[p++]! - 0x30;
    if (p === start) throw new PatchStreamError('unexpected hunk header');
    return v;
  };
  while (buf[p] === 0x20) p++;
  if (buf[p++] !== 0x2d) throw new PatchStreamError('unexpected hunk header');
  header[0] = num();
  header[1] = 1;
  if (buf[p] === 0x2c) {
    p++;
    header[1] = num();
  }
  while (buf[p] === 0x20) p++;
  if (buf[p++] !== 0x2b) throw new PatchStreamError('unexpected hunk header');
  header[2] = num();
  header[3] = 1;
  if (buf[p] === 0x2c) {
    p++;
    header[3] = num();
  }
  if (p > e) throw new PatchStreamError('unexpected hunk header');
  return header;
}

/** Hunks of one file's patch (`git diff -U0` of two blobs), content lines skipped by count. */
export function parseHunks(out: Buffer): number[] {
  const hunks: number[] = [];
  let pos = 0;
  let left = 0;
  while (pos < out.length) {
    let nl = out.indexOf(0x0a, pos);
    if (nl < 0) nl = out.length;
    const b = out[pos];
    if (left > 0) {
      if (b !== 0x5c /* \ marker */) left--;
    } else if (b === 0x40 && out[pos + 1] === 0x40) {
      const h = hunkHeader(out, pos, nl);
      hunks.push(h[0], h[1], h[2], h[3]);
      left = h[1] + h[3];
    }
    pos = nl + 1;
  }
  return hunks;
}
