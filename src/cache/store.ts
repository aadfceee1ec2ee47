// The build cache: one JSON file per entry under `<dir>/<namespace>/`, named by a digest of its
// key. Entries are written atomically (temp file + rename) and carry a checksum of their payload
// plus the key they were written for, so a torn, corrupt or foreign file is detected, counted as
// rebuilt (`I_CACHE_REBUILT`) and replaced, never trusted. Every key already includes the tool
// digest and the config digest (see `digest.ts`), so a new livewiki or a new config never reads
// an old entry.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostics } from '../model/diagnostics.ts';
import { sha256 } from '../utils/digest.ts';

/** Bumped when the envelope format changes. */
const FORMAT = 1;

export interface CacheCounts {
  hits: number;
  misses: number;
  /** Entries found corrupt or stale and recomputed. */
  rebuilt: number;
  writes: number;
}

export interface CacheStats {
  /** Per namespace (`history`, `markdown`, `blame`). */
  byKind: Record<string, CacheCounts>;
  hits: number;
  misses: number;
  rebuilt: number;
}

interface Envelope {
  format: number;
  key: string;
  sha256: string;
  payload: string;
}


/** A namespace name or entry file stem: what may appear in a path under the cache folder. */
const SAFE = /^[a-z0-9][a-z0-9-]*$/;

/**
 * What a stage sees of the cache: entries by namespace (`kind`) and key. A key is a list of
 * strings (digests of the stage's input); `memo` digests a whole input itself. A hit that does
 * not apply after all (`reject`) or turns out stale (`stale`) is counted as such.
 */
export interface Store {
  get<T>(kind: string, key: readonly string[]): T | null;
  put(kind: string, key: readonly string[], value: unknown): void;
  /** Bytes stored without the JSON envelope (built pages); `getText`/`putText` for text. */
  getBlob(kind: string, key: readonly string[]): Buffer | null;
  putBlob(kind: string, key: readonly string[], body: Buffer): void;
  getText(kind: string, key: readonly string[]): string | null;
  putText(kind: string, key: readonly string[], text: string): void;
  /** The value stored for `input` (any plain data, digested whole) if `valid`, else `compute()`'s, stored. */
  memo<T>(kind: string, input: unknown, compute: () => T, valid?: (value: unknown) => value is T): T;
  reject(kind: string): void;
  stale(kind: string, why: string): void;
}

export class CacheStore implements Store {
  readonly dir: string;
  /** Tool digest + config digest: mixed into every key. */
  readonly salt: string;
  private readonly diagnostics: Diagnostics | null;
  private readonly counts = new Map<string, CacheCounts>();
  /** Rebuilt entries reported so far (one info diagnostic per namespace and run is enough). */
  private readonly reported = new Set<string>();
  /** Entry files read or written by this run: what `prune` keeps. */
  private readonly touched = new Set<string>();

  constructor(dir: string, salt: string, diagnostics: Diagnostics | null = null) {
    this.dir = dir;
    this.salt = salt;
    this.diagnostics = diagnostics;
  }

  private count(kind: string): CacheCounts {
    let c = this.counts.get(kind);
    if (!c) {
      c = { hits: 0, misses: 0, rebuilt: 0, writes: 0 };
      this.counts.set(kind, c);
    }
    return c;
  }

  /** The full key of an entry: namespace, salt and the caller's parts. */
  keyOf(kind: string, parts: readonly string[]): string {
    return sha256(kind, this.salt, ...parts);
  }

  private fileOf(kind: string, key: string, ext = 'json'): string {
    if (!SAFE.test(kind)) throw new TypeError(`bad cache namespace ${JSON.stringify(kind)}`);
    return join(this.dir, kind, key.slice(0, 2), `${key}.${ext}`);
  }

  /**
   * The value stored under (kind, parts), or null (a miss). A file that exists but fails its
   * checks is removed and reported as rebuilt; the caller recomputes and `put`s it again.
   */
  get<T>(kind: string, parts: readonly string[]): T | null {
    const key = this.keyOf(kind, parts);
    const file = this.fileOf(kind, key);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      this.count(kind).misses++;
      return null;
    }
    const value = this.decode<T>(text, key);
    if (value.ok) {
      this.touched.add(file);
      this.count(kind).hits++;
      return value.value;
    }
    this.rebuilt(kind, file, value.why);
    return null;
  }

  memo<T>(kind: string, input: unknown, compute: () => T, valid?: (value: unknown) => value is T): T {
    const key = [sha256(JSON.stringify(input))];
    const hit = this.get<unknown>(kind, key);
    if (hit !== null) {
      if (!valid || valid(hit)) return hit as T;
      this.stale(kind, 'not of the expected shape');
    }
    const value = compute();
    this.put(kind, key, value);
    return value;
  }

  /** Turns the last hit of `kind` into a miss: the entry was valid but does not apply (e.g. its links changed). */
  reject(kind: string): void {
    const c = this.count(kind);
    c.hits--;
    c.misses++;
  }

  /** The last hit of `kind` was stale for a reason only the caller can see: it is rebuilt. */
  stale(kind: string, why: string): void {
    this.count(kind).hits--;
    this.rebuilt(kind, null, why);
  }

  private rebuilt(kind: string, file: string | null, why: string): void {
    const c = this.count(kind);
    c.rebuilt++;
    if (file) rmSync(file, { force: true });
    if (this.reported.has(kind)) return;
    this.reported.add(kind);
    this.diagnostics?.info('I_CACHE_REBUILT', `A ${kind} cache entry was ${why}; it was ignored and rebuilt.`, {
      file: file ?? this.dir,
      hint: 'Nothing to do: livewiki never trusts a cache entry it cannot verify. Delete the cache folder to start afresh.',
    });
  }

  private decode<T>(text: string, key: string): { ok: true; value: T } | { ok: false; why: string } {
    let env: Envelope;
    try {
      env = JSON.parse(text) as Envelope;
    } catch {
      return { ok: false, why: 'corrupt (not JSON)' };
    }
    if (env === null || typeof env !== 'object' || env.format !== FORMAT || typeof env.payload !== 'string') {
      return { ok: false, why: 'written by another cache format' };
    }
    if (env.key !== key) return { ok: false, why: 'written for another key' };
    if (sha256(env.payload) !== env.sha256) return { ok: false, why: 'corrupt (checksum mismatch)' };
    try {
      return { ok: true, value: JSON.parse(env.payload) as T };
    } catch {
      return { ok: false, why: 'corrupt (payload not JSON)' };
    }
  }

  /** Stores `value` atomically; a failure to write only costs the next build some time. */
  put(kind: string, parts: readonly string[], value: unknown): void {
    const key = this.keyOf(kind, parts);
    const file = this.fileOf(kind, key);
    const payload = JSON.stringify(value);
    const env: Envelope = { format: FORMAT, key, sha256: sha256(payload), payload };
    this.writeAtomic(kind, file, [JSON.stringify(env)]);
  }

  /**
   * Large bytes (a built page's HTML) without the JSON envelope's two parses: a header line with
   * the format, key and checksum, then the bytes. Same checks and counts as `get`.
   */
  getBlob(kind: string, parts: readonly string[]): Buffer | null {
    const key = this.keyOf(kind, parts);
    const file = this.fileOf(kind, key, 'blob');
    let buf: Buffer;
    try {
      buf = readFileSync(file);
    } catch {
      this.count(kind).misses++;
      return null;
    }
    const nl = buf.indexOf(0x0a);
    const [format, forKey, sum] = (nl === -1 ? '' : buf.subarray(0, nl).toString('latin1')).split(' ');
    const body = buf.subarray(nl + 1);
    const why =
      nl === -1 || format !== `lwblob${FORMAT}` ? 'written by another cache format' : forKey !== key ? 'written for another key' : sha256(body) !== sum ? 'corrupt (checksum mismatch)' : null;
    if (why !== null) {
      this.rebuilt(kind, file, why);
      return null;
    }
    this.touched.add(file);
    this.count(kind).hits++;
    return body;
  }

  putBlob(kind: string, parts: readonly string[], body: Buffer): void {
    const key = this.keyOf(kind, parts);
    this.writeAtomic(kind, this.fileOf(kind, key, 'blob'), [Buffer.from(`lwblob${FORMAT} ${key} ${sha256(body)}\n`, 'latin1'), body]);
  }

  /** `getBlob` for text. */
  getText(kind: string, parts: readonly string[]): string | null {
    return this.getBlob(kind, parts)?.toString('utf8') ?? null;
  }

  putText(kind: string, parts: readonly string[], text: string): void {
    this.putBlob(kind, parts, Buffer.from(text, 'utf8'));
  }

  private writeAtomic(kind: string, file: string, chunks: (string | Buffer)[]): void {
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(temp, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))));
      renameSync(temp, file);
      this.touched.add(file);
      this.count(kind).writes++;
    } catch (error) {
      rmSync(temp, { force: true });
      this.diagnostics?.warn('W_CACHE_WRITE', `Could not write the cache (${(error as Error).message}); the next build will not be faster.`, { file: this.dir });
    }
  }

  /** Path of the entry file (tests corrupt it on purpose). */
  pathOf(kind: string, parts: readonly string[], text = false): string {
    return this.fileOf(kind, this.keyOf(kind, parts), text ? 'blob' : 'json');
  }

  /** Removes temp files left by a killed build (older than a minute: a live writer renames fast). */
  sweep(now = Date.now()): void {
    let kinds: string[];
    try {
      kinds = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const kind of kinds) {
      if (!SAFE.test(kind)) continue;
      for (const shard of safeList(join(this.dir, kind))) {
        for (const name of safeList(join(this.dir, kind, shard))) {
          if (!name.endsWith('.tmp')) continue;
          const full = join(this.dir, kind, shard, name);
          try {
            if (now - statSync(full).mtimeMs > 60_000) rmSync(full, { force: true });
          } catch {
            // Gone meanwhile.
          }
        }
      }
    }
  }

  /**
   * Removes every entry this run neither read nor wrote (older contents, another tool or config
   * digest), so a cache carried from build to build in CI does not grow without bound. Only
   * namespaces this run used are pruned: `livewiki check` never touches the site's entries, and a
   * check between two builds must not throw them away. Call only after a run that went through
   * every stage. Returns the number of files removed.
   */
  prune(): number {
    let removed = 0;
    for (const kind of safeList(this.dir)) {
      if (!SAFE.test(kind) || !this.counts.has(kind)) continue;
      for (const shard of safeList(join(this.dir, kind))) {
        for (const name of safeList(join(this.dir, kind, shard))) {
          const full = join(this.dir, kind, shard, name);
          if (!(name.endsWith('.json') || name.endsWith('.blob')) || this.touched.has(full)) continue;
          rmSync(full, { force: true });
          removed++;
        }
      }
    }
    return removed;
  }

  stats(): CacheStats {
    const byKind: Record<string, CacheCounts> = {};
    let hits = 0;
    let misses = 0;
    let rebuilt = 0;
    for (const kind of [...this.counts.keys()].sort()) {
      const c = this.counts.get(kind)!;
      byKind[kind] = { ...c };
      hits += c.hits;
      misses += c.misses;
      rebuilt += c.rebuilt;
    }
    return { byKind, hits, misses, rebuilt };
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
