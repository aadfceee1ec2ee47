// The history index across builds: one slot per repository holding the snapshot of the last
// full index (history/extend.ts) and the diagnostics its walk reported. Same head: no git walk
// at all; a head that has the cached one on its first-parent chain: only the new commits are
// walked; anything else: a full walk, as without a cache.
import { isDiagnostics } from '../cache/shapes.ts';
import type { GitRepo } from '../git/repo.ts';
import type { GitResult } from '../git/run.ts';
import { extendHistoryIndex, isSnapshot, snapshotOf, type IndexSnapshot } from './extend.ts';
import { buildHistoryIndex, type BuildHistoryOptions, type HistoryIndex } from './log.ts';
import { Diagnostics, type Diagnostic } from '../model/diagnostics.ts';
import type { Store } from '../cache/store.ts';

export const HISTORY_KIND = 'history';

interface Entry {
  snapshot: IndexSnapshot;
  diagnostics: Diagnostic[];
}

export interface CachedHistory {
  index: GitResult<HistoryIndex>;
  /** `reused`: same head; `extended`: new commits walked; `full`: everything walked. */
  mode: 'reused' | 'extended' | 'full';
  walked: number;
}

/** Diagnostics about the walk itself, which a reused index must report again. */
const WALK_CODES = new Set(['W_GIT_MESSAGE_ENCODING', 'W_RENAME_DETECTION_DEGRADED']);

export async function cachedHistoryIndex(git: GitRepo, repoId: string, options: BuildHistoryOptions, store: Store, slot?: string): Promise<CachedHistory> {
  const parts = slot ? [repoId, slot] : [repoId];
  const diagnostics = options.diagnostics;
  const entry = git.isShallow ? null : store.get<Entry>(HISTORY_KIND, parts);
  if (entry) {
    if (!isSnapshot(entry.snapshot) || !isDiagnostics(entry.diagnostics)) {
      store.stale(HISTORY_KIND, 'not a valid history snapshot');
    } else {
      const extended = await extendHistoryIndex(git, entry.snapshot, options);
      if (extended?.ok) {
        const { index, walked, badEncoding } = extended.value;
        const walkDiagnostics = [...entry.diagnostics];
        if (badEncoding.length > 0) {
          walkDiagnostics.push({
            code: 'W_GIT_MESSAGE_ENCODING',
            severity: 'warning',
            message: `${badEncoding.length} commit message(s) are not valid UTF-8 (first: ${badEncoding[0]}); invalid bytes are shown as U+FFFD`,
            repo: repoId,
            hint: 'Set i18n.commitEncoding when committing in another encoding.',
          });
        }
        for (const d of walkDiagnostics) diagnostics?.add(d);
        if (walked > 0) {
          const snapshot = snapshotOf(index);
          if (snapshot) store.put(HISTORY_KIND, parts, { snapshot, diagnostics: walkDiagnostics } satisfies Entry);
        }
        return { index: { ok: true, value: index }, mode: walked > 0 ? 'extended' : 'reused', walked };
      }
      store.stale(HISTORY_KIND, `not usable at this commit (history rewritten, or a rename or .mailmap change since ${entry.snapshot.head.slice(0, 12)})`);
    }
  }
  // A full walk; its own diagnostics are kept to report them again when the index is reused.
  const own = new Diagnostics();
  const index = await buildHistoryIndex(git, { ...options, diagnostics: own });
  for (const d of own.items) diagnostics?.add(d);
  if (index.ok) {
    const snapshot = snapshotOf(index.value);
    if (snapshot) store.put(HISTORY_KIND, parts, { snapshot, diagnostics: own.items.filter((d) => WALK_CODES.has(d.code)) } satisfies Entry);
  }
  return { index, mode: 'full', walked: index.ok ? index.value.commits.size : 0 };
}
