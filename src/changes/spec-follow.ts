// An OpenAPI description written over several files (the root `$ref`s other files of the
// repository) changes whenever any of them changes: its versions are the commits that changed the
// root or one of the files it is made of today, and each version is compared RESOLVED, the way the
// pages read it (the extractor's `resolveSpec`, every file read as it was at that commit). A version
// is identified by the blobs of all its files; each pair is compared once and kept in the store
// by those ids, as for single files (follow.ts). Files the spec referenced only in the past are
// not followed (a ref to one reads as broken in those old versions).
import type { Store } from '../cache/index.ts';
import { resolveSpec } from '../extract/openapi/index.ts';
import type { GitRepo } from '../git/repo.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { RepoHistory } from '../model/history.ts';
import { sha256 } from '../utils/digest.ts';
import { streamBlobs } from './blobs.ts';
import { ENGINE_VERSION, openApiEngine, type PairResult } from './engines.ts';
import type { FollowedSource, FollowStats } from './followed.ts';
import type { Source } from './sources.ts';
import { fileVersions, type FileVersions, type Pair, type Version } from './versions.ts';

interface Entry {
  pairs: Record<string, PairResult>;
}

/** The blob of `path` at first-parent position `position` (0 = newest): its newest change at or before it; null when it did not exist. */
function blobAt(history: RepoHistory, path: string, position: number): string | null {
  const positions = Object.hasOwn(history.changes, path) ? history.changes[path]! : [];
  const blobs = Object.hasOwn(history.blobs, path) ? history.blobs[path]! : [];
  // Newest first: positions ascend.
  for (let k = 0; k < positions.length; k++) {
    if (positions[k]! >= position) {
      const blob = blobs[k];
      return blob === undefined || blob === '' ? null : blob;
    }
  }
  return null;
}

interface SpecVersionFiles {
  /** Path → blob at this version (files that did not exist then are absent). */
  blobs: Map<string, string>;
}

/** The spec's versions, oldest first, each with the blobs of its files; `blob` is a digest of them all. */
export function specVersions(history: RepoHistory, source: Source, depth: number): { versions: FileVersions; files: Map<Version, SpecVersionFiles> } {
  const root = fileVersions(history, source.path, Number.POSITIVE_INFINITY);
  const oldest = root.versions[0]?.position ?? -1;
  const positions = new Set(root.versions.map((v) => v.position));
  const rootAt = new Map(root.versions.map((v) => [v.position, v]));
  for (const path of source.files) {
    if (path === source.path) continue;
    for (const p of Object.hasOwn(history.changes, path) ? history.changes[path]! : []) if (p <= oldest) positions.add(p);
  }
  // Oldest first: larger positions are older.
  const ordered = [...positions].sort((a, b) => b - a);
  const versions: Version[] = [];
  const files = new Map<Version, SpecVersionFiles>();
  let current: Version | undefined;
  for (const position of ordered) {
    current = rootAt.get(position) ?? current;
    const commit = history.commits[position];
    if (!current || !commit) continue;
    const blobs = new Map<string, string>();
    if (current.blob !== '') {
      blobs.set(source.path, current.blob);
      for (const path of source.files) {
        if (path === source.path) continue;
        const blob = blobAt(history, path, position);
        if (blob !== null) blobs.set(path, blob);
      }
    }
    const id = current.blob === '' ? '' : sha256(...[...blobs].flatMap(([p, b]) => [p, b]));
    const version: Version = { position, commit, blob: id, name: current.name };
    versions.push(version);
    files.set(version, { blobs });
  }
  let pairs: Pair[] = [];
  for (let k = 1; k < versions.length; k++) {
    const before = versions[k - 1]!;
    const after = versions[k]!;
    if (before.blob === '' || after.blob === '' || before.blob === after.blob) continue;
    pairs.push({ before, after });
  }
  let cut = root.cut;
  if (pairs.length > depth) {
    pairs = pairs.slice(pairs.length - Math.max(0, depth));
    cut = 'depth';
  }
  return { versions: { versions, pairs, cut }, files };
}

const pairId = (p: Pair): string => `${p.before.blob}:${p.after.blob}`;

function isPairResult(v: unknown): v is PairResult {
  return typeof v === 'object' && v !== null && Array.isArray((v as PairResult).found) && typeof (v as PairResult).views === 'object';
}

/** A spec of several files, followed version by version and compared resolved. */
export async function followSpec(git: GitRepo, history: RepoHistory, source: Source, options: { depth: number; store: Store | null; diagnostics: Diagnostics; stats: FollowStats }): Promise<FollowedSource> {
  const { store, stats } = options;
  const { versions, files } = specVersions(history, source, options.depth);
  const key = [String(ENGINE_VERSION), 'openapi-resolved', source.repo, source.path];
  const entry = store && versions.pairs.length > 0 ? store.get<Entry>('changes', key) : null;
  const stored: Record<string, PairResult> = entry && typeof entry.pairs === 'object' && entry.pairs !== null ? entry.pairs : {};
  const results: (PairResult | null)[] = versions.pairs.map((p) => {
    const hit = Object.hasOwn(stored, pairId(p)) ? stored[pairId(p)] : undefined;
    if (hit !== undefined && isPairResult(hit)) {
      stats.reused++;
      return hit;
    }
    return null;
  });

  // Versions to read: both sides of every pair not stored; their files' blobs, each read once.
  const wanted = new Set<Version>();
  versions.pairs.forEach((p, i) => {
    if (results[i] !== null) return;
    wanted.add(p.before);
    wanted.add(p.after);
  });
  const texts = new Map<string, string | null>();
  for (const v of wanted) for (const blob of files.get(v)!.blobs.values()) texts.set(blob, null);
  const failure = await streamBlobs(git, [...texts.keys()], (id, bytes) => {
    texts.set(id, bytes === null ? null : bytes.toString('utf8'));
  });
  if (failure !== null) {
    options.diagnostics.warn('W_CHANGES_GIT', `could not read old versions of files for their change history: ${failure}`, {
      repo: source.repo,
      file: source.path,
      hint: 'Sections show their last change only; run the build again, or report this with the repository.',
    });
  }

  const yaml = /\.ya?ml$/i.test(source.path);
  const parsed = new Map<Version, ReturnType<typeof openApiEngine.parse>>();
  const modelOf = (v: Version): ReturnType<typeof openApiEngine.parse> => {
    if (parsed.has(v)) return parsed.get(v)!;
    const blobs = files.get(v)!.blobs;
    const missing = [...blobs.values()].some((b) => texts.get(b) === null || texts.get(b) === undefined);
    let model: ReturnType<typeof openApiEngine.parse> = null;
    if (!missing) {
      const read = (path: string): string | null => {
        const blob = blobs.get(path);
        return blob === undefined ? null : (texts.get(blob) ?? null);
      };
      try {
        const resolved = resolveSpec({ repo: source.repo, paths: [...blobs.keys()], read }, source.path);
        model = resolved.document ? { doc: resolved.document, yaml } : null;
      } catch {
        // Nesting too deep for this version: unknown, as an unparsable one.
        model = null;
      }
    }
    stats.parsed++;
    parsed.set(v, model);
    return model;
  };
  versions.pairs.forEach((p, i) => {
    if (results[i] !== null) return;
    const before = modelOf(p.before);
    const after = modelOf(p.after);
    results[i] = before !== null && after !== null ? openApiEngine.diff(before, after) : { found: [], views: {}, unreadable: true };
    stats.compared++;
    // Only the newer side is needed by the next pair.
    parsed.delete(p.before);
  });

  if (store && versions.pairs.length > 0) {
    const now: Record<string, PairResult> = {};
    versions.pairs.forEach((p, i) => {
      const r = results[i];
      if (r) now[pairId(p)] = r;
    });
    const before = Object.keys(stored);
    const same = before.length === Object.keys(now).length && before.every((k) => Object.hasOwn(now, k));
    if (!same) store.put('changes', key, { pairs: now } satisfies Entry);
  }
  const unreadable = results.filter((r) => r?.unreadable === true).length;
  if (unreadable > 0) {
    options.diagnostics.info('I_CHANGES_VERSION_UNREADABLE', `${unreadable} change(s) of this file could not be classified: the version before or after could not be parsed`, {
      repo: source.repo,
      file: source.path,
      hint: 'Those commits stay in the file history; only their per-section changes are unknown.',
    });
  }
  return { source, versions, results };
}
