// Follows the file sources of one repository through their versions: each pair of consecutive
// versions is compared once and kept in the store by its two blob ids (one entry per source,
// holding the pairs of its current history), so an incremental build compares only new pairs and
// parses only the versions they need. Blobs come from one `git cat-file --batch` per repository,
// in walk order; a source holds only its previous parsed version while walking.
import type { Store } from '../cache/index.ts';
import type { GitRepo } from '../git/repo.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { RepoHistory } from '../model/history.ts';
import { streamBlobs } from './blobs.ts';
import { configEngine, ENGINE_VERSION, markdownEngine, openApiEngine, type FileEngine, type PairResult } from './engines.ts';
import type { Source } from './sources.ts';
import type { FollowedSource, FollowStats } from './followed.ts';
import { followSpec } from './spec-follow.ts';
import { fileVersions, type FileVersions, type Pair } from './versions.ts';

export const CHANGES_KIND = 'changes';

export type { FollowedSource, FollowStats } from './followed.ts';

interface Entry {
  pairs: Record<string, PairResult>;
}

function engineOf(source: Source): FileEngine<unknown> | null {
  if (source.kind === 'openapi') return openApiEngine as FileEngine<unknown>;
  if (source.kind === 'markdown') return markdownEngine as FileEngine<unknown>;
  if (source.kind === 'config' && source.configKind) return configEngine(source.configKind) as FileEngine<unknown>;
  return null;
}

const pairId = (p: Pair): string => `${p.before.blob}:${p.after.blob}`;

function isPairResult(v: unknown): v is PairResult {
  return typeof v === 'object' && v !== null && Array.isArray((v as PairResult).found) && typeof (v as PairResult).views === 'object';
}

function cacheKey(source: Source, engine: FileEngine<unknown>): string[] {
  return [String(ENGINE_VERSION), engine.name, source.configKind ?? '', source.repo, source.path];
}

interface Plan {
  source: Source;
  engine: FileEngine<unknown>;
  versions: FileVersions;
  results: (PairResult | null)[];
  /** Stored pairs (read from the store) and whether the entry must be written again. */
  stored: Record<string, PairResult>;
  /** Pair indexes to compute. */
  todo: Set<number>;
  /** Version indexes to read, ascending. */
  reads: number[];
  /** Version index → index of the pair it is the newer side of. */
  pairOf: Map<number, number>;
}

/**
 * Every file source's pairs, compared or taken from the store. `depth` bounds the pairs per
 * source. Missing blobs end a source's history there, with one warning per source.
 */
export async function followSources(git: GitRepo, history: RepoHistory, sources: Source[], options: { depth: number; store: Store | null; diagnostics: Diagnostics; stats: FollowStats }): Promise<FollowedSource[]> {
  const { store, diagnostics, stats } = options;
  const plans: Plan[] = [];
  // Specs made of several files are compared resolved (spec-follow.ts).
  const specs = new Map<Source, FollowedSource>();
  for (const source of sources) {
    if (source.kind === 'openapi' && source.files.length > 1) specs.set(source, await followSpec(git, history, source, options));
  }
  for (const source of sources) {
    const engine = engineOf(source);
    if (!engine || specs.has(source)) continue;
    const versions = fileVersions(history, source.path, options.depth);
    const entry = store && versions.pairs.length > 0 ? store.get<Entry>(CHANGES_KIND, cacheKey(source, engine)) : null;
    const stored: Record<string, PairResult> = entry && typeof entry.pairs === 'object' && entry.pairs !== null ? entry.pairs : {};
    const results: (PairResult | null)[] = [];
    const todo = new Set<number>();
    const reads = new Set<number>();
    const index = new Map(versions.versions.map((v, i) => [v, i]));
    const pairOf = new Map<number, number>();
    versions.pairs.forEach((p, i) => {
      pairOf.set(index.get(p.after)!, i);
      const hit = Object.hasOwn(stored, pairId(p)) ? stored[pairId(p)] : undefined;
      if (hit !== undefined && isPairResult(hit)) {
        results.push(hit);
        stats.reused++;
        return;
      }
      results.push(null);
      todo.add(i);
      reads.add(index.get(p.before)!);
      reads.add(index.get(p.after)!);
    });
    plans.push({ source, engine, versions, results, stored, todo, reads: [...reads].sort((a, b) => a - b), pairOf });
  }

  // One stream for the whole repository, in plan order; each source parses what it needs in turn.
  const ids: string[] = [];
  const owners: { plan: Plan; version: number }[] = [];
  for (const plan of plans) {
    for (const v of plan.reads) {
      ids.push(plan.versions.versions[v]!.blob);
      owners.push({ plan, version: v });
    }
  }
  const missing = new Map<Plan, string>();
  let at = 0;
  let prev: { plan: Plan; version: number; model: unknown } | null = null;
  const failure = await streamBlobs(git, ids, (_id, bytes) => {
    const { plan, version } = owners[at++]!;
    const v = plan.versions.versions[version]!;
    if (bytes === null) {
      if (!missing.has(plan)) missing.set(plan, v.commit.sha);
      prev = null;
      return;
    }
    const model = plan.engine.parse(bytes.toString('utf8'), v.name);
    stats.parsed++;
    const before = prev !== null && prev.plan === plan && prev.version === version - 1 ? prev : null;
    if (before) {
      const pairIndex = plan.pairOf.get(version);
      if (pairIndex !== undefined && plan.todo.has(pairIndex)) {
        const result: PairResult = before.model !== null && model !== null ? plan.engine.diff(before.model, model) : { found: [], views: {}, unreadable: true };
        plan.results[pairIndex] = result;
        stats.compared++;
        plan.todo.delete(pairIndex);
      }
    }
    prev = { plan, version, model };
  });
  if (failure !== null) {
    diagnostics.warn('W_CHANGES_GIT', `could not read old versions of files for their change history: ${failure}`, {
      repo: sources[0]?.repo,
      hint: 'Sections show their last change only; run the build again, or report this with the repository.',
    });
  }

  const out = new Map<Source, FollowedSource>(specs);
  for (const plan of plans) {
    const { source, versions, results } = plan;
    const lost = missing.get(plan);
    if (lost !== undefined) {
      diagnostics.warn('W_CHANGES_BLOB_MISSING', `old versions of this file are not in the clone (first missing: the version of ${lost.slice(0, 12)}); its change history is shown from the newest version that is`, {
        repo: source.repo,
        file: source.path,
        hint: 'A partial or shallow clone, or a snapshot that leaves out large files. A full clone restores the whole history.',
      });
      // History ends at the newest pair that could not be compared: older pairs are dropped.
      const last = results.lastIndexOf(null);
      for (let i = 0; i <= last; i++) results[i] = null;
    }
    const unreadable = results.filter((r) => r?.unreadable === true).length;
    if (unreadable > 0) {
      diagnostics.info('I_CHANGES_VERSION_UNREADABLE', `${unreadable} change(s) of this file could not be classified: the version before or after could not be parsed`, {
        repo: source.repo,
        file: source.path,
        hint: 'Those commits stay in the file history; only their per-section changes are unknown.',
      });
    }
    if (store && versions.pairs.length > 0) {
      // Keep exactly the pairs of the current history; write only when that set changed.
      const now: Record<string, PairResult> = {};
      versions.pairs.forEach((p, i) => {
        const r = results[i];
        if (r) now[pairId(p)] = r;
      });
      const before = Object.keys(plan.stored);
      const same = before.length === Object.keys(now).length && before.every((k) => Object.hasOwn(now, k));
      if (!same) store.put(CHANGES_KIND, cacheKey(source, plan.engine), { pairs: now } satisfies Entry);
    }
    out.set(source, { source, versions, results });
  }
  // In the sources' order, whichever way each was followed.
  return sources.flatMap((s) => out.get(s) ?? []);
}
