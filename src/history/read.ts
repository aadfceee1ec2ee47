// The history stage: one streaming first-parent `git log` pass per repository (or the cached
// index extended by the new commits) gives every path its change list. Its output is plain data
// (RepoHistory); src/history/query.ts answers questions over it.

import type { Store } from '../cache/index.ts';
import type { GitRepo } from '../git/repo.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { RepoHistory } from '../model/history.ts';
import type { RepoSnapshot } from '../model/snapshot.ts';
import { cachedHistoryIndex } from './cached.ts';
import { implausibleDates } from './dates.ts';
import { buildHistoryIndex, type HistoryIndex } from './log.ts';
import { markBots } from './bots.ts';
import { detectNoise } from './noise.ts';

export interface ReadHistoryOptions {
  ticketPrefixes: string[];
  diagnostics: Diagnostics;
  /** Persistent cache (incremental builds): the index of the last build, extended. */
  store?: Store | null;
  /** The history cache's slot, when not the repository's own (cached.ts). */
  slot?: string;
  /** Configured bots, ignored revisions and bulk thresholds (defaults: none, none, 50 files and 30%). */
  settings?: { bots: readonly string[]; ignoreRevs: readonly string[]; bulk: { minFiles: number; share: number } };
}

export async function readHistory(git: GitRepo, snapshot: RepoSnapshot, options: ReadHistoryOptions): Promise<RepoHistory> {
  const { diagnostics } = options;
  const repo = snapshot.id;
  const historyOptions = { links: snapshot.links, ticketPrefixes: options.ticketPrefixes, diagnostics, repoId: repo };
  const built = options.store ? (await cachedHistoryIndex(git, repo, historyOptions, options.store, options.slot)).index : await buildHistoryIndex(git, historyOptions);
  if (!built.ok) {
    diagnostics.error(built.error.code, `could not read the history: ${built.error.message}`, { repo, hint: built.error.hint });
    return { ...base(git, repo, snapshot.uncommitted), failure: 'the history of this repository could not be read', commits: [], changes: {}, blobs: {}, names: {}, former: {}, renames: { detection: 'full', downgradedAt: null } };
  }
  const history = repoHistoryOf(git, repo, built.value, snapshot.uncommitted);
  flagDates(history, diagnostics);
  const settings = options.settings ?? { bots: [], ignoreRevs: [], bulk: { minFiles: 50, share: 0.3 } };
  markBots(history, settings.bots);
  await detectNoise(git, history, snapshot.files.length, settings, diagnostics);
  return history;
}

/** Marks commits whose dates are implausible (shown on their pages) and reports them (G13). */
function flagDates(history: RepoHistory, diagnostics: Diagnostics): void {
  const flagged = implausibleDates(history.commits);
  let reported = 0;
  for (const commit of history.commits) {
    const note = flagged.get(commit.sha);
    if (note === undefined) continue;
    commit.dateNote = note;
    if (++reported <= 20) {
      diagnostics.warn('W_GIT_IMPLAUSIBLE_DATE', `commit ${commit.sha.slice(0, 12)} is ${note} (committed ${commit.committedAt}, authored ${commit.authoredAt}); its pages say so`, { repo: history.repo });
    }
  }
  if (reported > 20) diagnostics.warn('W_GIT_IMPLAUSIBLE_DATE', `${reported - 20} more commits have implausible dates`, { repo: history.repo });
}

function base(git: GitRepo, repo: string, uncommitted: readonly string[]) {
  return { repo, head: git.head, shallow: git.isShallow, boundary: [...git.shallowCommits].sort(), uncommitted: [...uncommitted] };
}

/** The history index of a walk as the stage's plain data. */
export function repoHistoryOf(git: GitRepo, repo: string, index: HistoryIndex, uncommitted: readonly string[] = []): RepoHistory {
  return { ...base(git, repo, uncommitted), failure: null, ...indexData(index) };
}

function indexData(index: HistoryIndex): Pick<RepoHistory, 'commits' | 'changes' | 'blobs' | 'names' | 'former' | 'renames'> {
  // The walk's own arrays become the data (the index is not used after this).
  const changes: Record<string, number[]> = Object.create(null) as Record<string, number[]>;
  const blobs: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  const names: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  const former: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [path, list] of index.byPath) {
    changes[path] = list;
    blobs[path] = index.blobs(path) as string[];
    const at = index.names(path);
    if (at) names[path] = at as string[];
  }
  for (const [path, formerNames] of index.former) if (formerNames.length > 0) former[path] = formerNames;
  return { commits: [...index.commits.values()], changes, blobs, names, former, renames: { detection: index.renameDetection, downgradedAt: index.renameDetectionDowngradedAt } };
}
