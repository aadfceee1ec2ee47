// The build cache: one JSON file per entry under `<dir>/<namespace>/`, named by a digest of its
// key. Entries are written atomically (temp file + rename) and carry a checksum of their payload
// plus the key they were written for, so a torn, corrupt or foreign file is detected, counted as
// rebuilt (`I_CACHE_REBUILT`) and replaced, never trusted. Every key already includes the tool
// digest and the config digest (see `digest.ts`), so a new livewiki or a new config never reads
// an old entry.
//
// The store never follows a symbolic link and never touches a path outside its folder: namespace
// and shard folders are checked with lstat before use, entries are opened with O_NOFOLLOW and
// written through a fresh temp file renamed into place, and prune/sweep only descend into real
// folders. Any file-system surprise (a namespace that is a file, a link, a permission error)
// makes that namespace a miss for the rest of the run, with one warning; never a crash.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync, type Dirent } from 'node:fs';
import { dirname, join, relative } from 'node:path';
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
  /** Keeps a blob entry through this run's prune without reading it (an entry another one refers to). */
  keepBlob(kind: string, key: readonly string[]): void;
}

/** What the store found at a folder path: a real folder, nothing (yet), or something unusable. */
type FolderState = 'dir' | 'absent' | 'bad';

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

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
  /** Folders checked this run (root, namespaces, shards). */
  private readonly folders = new Map<string, FolderState>();
  /** Namespaces that cannot be used this run (reported once each): every get is a miss, every put skipped. */
  private readonly unusable = new Set<string>();
  /** Namespaces whose failed write was reported. */
  private readonly writeReported = new Set<string>();
  /** The root's real path when first used: prune never runs if it changed meanwhile. */
  private rootReal: string | null = null;

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

  /** Stops using namespace `kind` for this run, with one warning saying why. */
  private giveUp(kind: string, why: string): void {
    if (this.unusable.has(kind)) return;
    this.unusable.add(kind);
    this.diagnostics?.warn('W_CACHE_UNUSABLE', `The ${kind} cache cannot be used (${why}); this build runs without it.`, {
      file: this.dir,
      hint: 'Delete the cache folder (livewiki makes it again); never point the cache at a folder other programs or repositories write.',
    });
  }

  /**
   * Whether `path` (the root, a namespace or a shard folder of `kind`) is a real folder; with
   * `create`, a missing one is made. A link or a file there makes the namespace unusable.
   */
  private folder(kind: string, path: string, create: boolean): boolean {
    let state = this.folders.get(path);
    if (state === undefined || (state === 'absent' && create)) {
      try {
        const st = lstatSync(path);
        state = st.isDirectory() ? 'dir' : 'bad';
        if (state === 'bad') this.giveUp(kind, `${relative(this.dir, path) || 'its folder'} is ${st.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}`);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' && create) {
          try {
            mkdirSync(path, { recursive: path === this.dir });
            state = 'dir';
          } catch (made) {
            const again = (made as NodeJS.ErrnoException).code === 'EEXIST' ? lstatOrNull(path) : null;
            state = again?.isDirectory() ? 'dir' : 'bad';
            if (state === 'bad') this.giveUp(kind, `its folder cannot be made: ${(made as NodeJS.ErrnoException).code ?? 'error'}`);
          }
        } else if (code === 'ENOENT') {
          state = 'absent';
        } else {
          state = 'bad';
          this.giveUp(kind, `${relative(this.dir, path) || 'its folder'} cannot be read: ${code ?? 'error'}`);
        }
      }
      this.folders.set(path, state);
      if (state === 'dir' && path === this.dir && this.rootReal === null) this.rootReal = realOrNull(path);
    }
    return state === 'dir';
  }

  /** Whether the folders of `file` (root, namespace, shard) are real folders. */
  private foldersOf(kind: string, file: string, create: boolean): boolean {
    const shard = dirname(file);
    const ns = dirname(shard);
    return !this.unusable.has(kind) && this.folder(kind, this.dir, create) && this.folder(kind, ns, create) && this.folder(kind, shard, create);
  }

  /** The bytes of an entry file, never through a link; null on a miss (counted). */
  private readEntry(kind: string, file: string): Buffer | null {
    if (!this.foldersOf(kind, file, false)) {
      this.count(kind).misses++;
      return null;
    }
    let fd: number;
    try {
      fd = openSync(file, constants.O_RDONLY | NOFOLLOW);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this.count(kind).misses++;
      if (code === 'ELOOP') {
        // A link where an entry should be: never read through; removing it touches only the link.
        this.giveUp(kind, 'an entry is a symbolic link');
        try {
          rmSync(file, { force: true });
        } catch {
          // Reported already.
        }
      } else if (code !== 'ENOENT') {
        this.giveUp(kind, `an entry cannot be read: ${code ?? 'error'}`);
      }
      return null;
    }
    try {
      if (!fstatSync(fd).isFile()) {
        this.count(kind).misses++;
        return null;
      }
      return readFileSync(fd);
    } catch (error) {
      this.count(kind).misses++;
      this.giveUp(kind, `an entry cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
      return null;
    } finally {
      closeSync(fd);
    }
  }

  /**
   * The value stored under (kind, parts), or null (a miss). A file that exists but fails its
   * checks is removed and reported as rebuilt; the caller recomputes and `put`s it again.
   */
  get<T>(kind: string, parts: readonly string[]): T | null {
    const key = this.keyOf(kind, parts);
    const file = this.fileOf(kind, key);
    const bytes = this.readEntry(kind, file);
    if (bytes === null) return null;
    const value = this.decode<T>(bytes.toString('utf8'), key);
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
    if (file) {
      try {
        rmSync(file, { force: true });
      } catch {
        // Left for the next write to replace.
      }
    }
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
    const buf = this.readEntry(kind, file);
    if (buf === null) return null;
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

  keepBlob(kind: string, parts: readonly string[]): void {
    this.touched.add(this.fileOf(kind, this.keyOf(kind, parts), 'blob'));
  }

  /** `getBlob` for text. */
  getText(kind: string, parts: readonly string[]): string | null {
    return this.getBlob(kind, parts)?.toString('utf8') ?? null;
  }

  putText(kind: string, parts: readonly string[], text: string): void {
    this.putBlob(kind, parts, Buffer.from(text, 'utf8'));
  }

  private writeAtomic(kind: string, file: string, chunks: (string | Buffer)[]): void {
    if (!this.foldersOf(kind, file, true)) return;
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      // `wx`: a fresh file, never an existing one or a link's target; rename replaces a link itself.
      writeFileSync(temp, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))), { flag: 'wx' });
      renameSync(temp, file);
      this.touched.add(file);
      this.count(kind).writes++;
    } catch (error) {
      try {
        rmSync(temp, { force: true });
      } catch {
        // Nothing more to undo.
      }
      if (this.writeReported.has(kind)) return;
      this.writeReported.add(kind);
      this.diagnostics?.warn('W_CACHE_WRITE', `Could not write the ${kind} cache (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the next build will not be faster.`, { file: this.dir });
    }
  }

  /** Path of the entry file (tests corrupt it on purpose). */
  pathOf(kind: string, parts: readonly string[], text = false): string {
    return this.fileOf(kind, this.keyOf(kind, parts), text ? 'blob' : 'json');
  }

  /**
   * Every entry-level file of the cache: [namespace, path, dirent], descending only into real
   * folders (never a link), and only when the root is still the folder first used.
   */
  private *files(): Generator<[string, string, Dirent]> {
    let root;
    try {
      root = lstatSync(this.dir);
    } catch {
      return;
    }
    if (!root.isDirectory() || (this.rootReal !== null && realOrNull(this.dir) !== this.rootReal)) return;
    for (const ns of safeList(this.dir)) {
      if (!ns.isDirectory() || !SAFE.test(ns.name)) continue;
      const nsPath = join(this.dir, ns.name);
      for (const shard of safeList(nsPath)) {
        const shardPath = join(nsPath, shard.name);
        // A link in place of a shard is reported like an entry (sweep refuses the cache for it).
        if (shard.isSymbolicLink()) yield [ns.name, shardPath, shard];
        if (!shard.isDirectory()) continue;
        for (const entry of safeList(shardPath)) yield [ns.name, join(shardPath, entry.name), entry];
      }
    }
  }

  /**
   * Removes temp files left by a killed build (older than a minute: a live writer renames fast).
   * Returns the first symbolic link met on the way (root entries, namespaces, shards, entries),
   * or null: one walk both sweeps and vets the folder.
   */
  sweep(now = Date.now()): string | null {
    for (const e of safeList(this.dir)) if (e.isSymbolicLink()) return join(this.dir, e.name);
    for (const [, full, entry] of this.files()) {
      if (entry.isSymbolicLink()) return full;
      if (!entry.isFile() || !entry.name.endsWith('.tmp')) continue;
      try {
        if (now - lstatSync(full).mtimeMs > 60_000) rmSync(full, { force: true });
      } catch {
        // Gone meanwhile.
      }
    }
    return null;
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
    for (const [kind, full, entry] of this.files()) {
      if (!this.counts.has(kind) || this.unusable.has(kind)) continue;
      // Regular files, or a link left in place of one (removing a link never touches its target).
      if (!(entry.isFile() || entry.isSymbolicLink()) || !(entry.name.endsWith('.json') || entry.name.endsWith('.blob')) || this.touched.has(full)) continue;
      try {
        rmSync(full, { force: true });
        removed++;
      } catch {
        // Left for the next prune.
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

function safeList(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function lstatOrNull(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

function realOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}
