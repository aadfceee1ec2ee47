// What an extractor read from a repository, so its cached result can be checked against today's
// files: each `read(path)` as the digest of the text it got (or null), and whether it listed the
// tracked paths. On a hit every recorded read is asked again; the entry applies only if all
// answers are the same.
import type { RepoFiles } from '../model/snapshot.ts';
import { sha256 } from '../utils/digest.ts';


export interface ReadLog {
  /** [path, digest of the text or null], in first-read order. */
  reads: [string, string | null][];
  /** True when the extractor looked at `paths` (listing or membership). */
  paths: boolean;
}

const textDigests = new WeakMap<object, Map<string, { text: string; digest: string }>>();
const pathDigests = new WeakMap<string[], string>();

/** sha256 of a file's text, memoized per file set (extractors read the same files again). */
export function textDigest(files: object, path: string, text: string | null): string | null {
  if (text === null) return null;
  let memo = textDigests.get(files);
  if (!memo) {
    memo = new Map();
    textDigests.set(files, memo);
  }
  const known = memo.get(path);
  if (known && known.text === text) return known.digest;
  const digest = sha256(text);
  memo.set(path, { text, digest });
  return digest;
}

export function pathsDigest(paths: string[]): string {
  let d = pathDigests.get(paths);
  if (d === undefined) {
    d = sha256(paths.join('\n'));
    pathDigests.set(paths, d);
  }
  return d;
}

/**
 * A view of `files` that logs into whatever log is current. One recorder per file set keeps the
 * object identity stable, so caches keyed on it inside extractors (parsed OpenAPI roots) still hit.
 */
export class ReadRecorder {
  readonly files: RepoFiles;
  private log: { reads: Map<string, string | null>; paths: boolean } | null = null;

  constructor(inner: RepoFiles) {
    const self = this;
    this.files = {
      repo: inner.repo,
      get paths() {
        if (self.log) self.log.paths = true;
        return inner.paths;
      },
      read(path: string) {
        const text = inner.read(path);
        if (self.log && !self.log.reads.has(path)) self.log.reads.set(path, textDigest(inner, path, text));
        return text;
      },
    };
  }

  /** Runs `fn` with a fresh log (nested runs are not needed and not supported). */
  async record<T>(fn: () => T | Promise<T>): Promise<{ value: T; log: ReadLog }> {
    const log = { reads: new Map<string, string | null>(), paths: false };
    this.log = log;
    try {
      const value = await fn();
      return { value, log: { reads: [...log.reads], paths: log.paths } };
    } finally {
      this.log = null;
    }
  }

  recordSync<T>(fn: () => T): { value: T; log: ReadLog } {
    const log = { reads: new Map<string, string | null>(), paths: false };
    this.log = log;
    try {
      const value = fn();
      return { value, log: { reads: [...log.reads], paths: log.paths } };
    } finally {
      this.log = null;
    }
  }

  /** Notes a read the extractor may skip because it has the file already (a parse from discovery). */
  touch(path: string): void {
    this.files.read(path);
  }
}

/** A log as stored with a cache entry: the paths listing, when looked at, as its digest. */
export interface StoredReads {
  reads: [string, string | null][];
  paths: string | null;
}

/** The shape of a `StoredReads` read back from a cache entry. */
export function isStoredReads(value: unknown): value is StoredReads {
  const reads = value as { reads?: unknown; paths?: unknown } | null | undefined;
  return (
    typeof reads === 'object' &&
    reads !== null &&
    Array.isArray(reads.reads) &&
    reads.reads.every((r) => Array.isArray(r) && r.length === 2 && typeof r[0] === 'string' && (r[1] === null || typeof r[1] === 'string')) &&
    (reads.paths === null || typeof reads.paths === 'string')
  );
}

export function storedReads(log: ReadLog, files: RepoFiles): StoredReads {
  return { reads: log.reads, paths: log.paths ? pathsDigest(files.paths) : null };
}

/** True when every recorded read gives the same answer from `files` today. */
export function replays(stored: StoredReads, files: RepoFiles): boolean {
  if (!stored || !Array.isArray(stored.reads)) return false;
  if (stored.paths !== null && pathsDigest(files.paths) !== stored.paths) return false;
  for (const [path, digest] of stored.reads) {
    if (textDigest(files, path, files.read(path)) !== digest) return false;
  }
  return true;
}
