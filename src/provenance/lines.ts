// Line-level attribution for sections (DESIGN §3): the last change among some lines of a file is
// the newest blamed commit among them in history order. Blame runs once per file and run, and is
// kept across builds by blob and last change (src/history/blame-cached.ts).

import type { Store } from '../cache/index.ts';
import type { GitRepo } from '../git/repo.ts';
import { getBlame, putBlame } from '../history/blame-cached.ts';
import { BlameCache, blameFile, lastChangeOfLines, type FileBlame } from '../history/blame.ts';
import { isUncommitted, lastChange, shallowReason } from '../history/query.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { Change, RepoHistory } from '../model/history.ts';
import type { RepoSnapshot } from '../model/snapshot.ts';

const UNCOMMITTED: Change = { status: 'uncommitted', reason: 'this file has changes that are not committed yet' };

export interface LineAttribution {
  /** Last change among lines `[start, end]` of a file at the built commit. */
  lastChangeOfLines(path: string, lines: [number, number]): Promise<Change>;
}

export function lineAttribution(git: GitRepo, snapshot: RepoSnapshot, history: RepoHistory, store: Store | null, diagnostics: Diagnostics): LineAttribution {
  const repo = snapshot.id;
  const blobs = new Map(snapshot.files.map((f) => [f.path, f.blob]));
  // Blame per file at the built commit, computed once (and cached by blob for the run).
  const blames = new Map<string, Promise<FileBlame | null>>();
  const cache = new BlameCache();

  const blameOf = (path: string): Promise<FileBlame | null> => {
    let pending = blames.get(path);
    if (!pending) {
      const head = git.head;
      // Persistent blame needs the file's blob and last change (its key); see history/blame-cached.ts.
      const blob = blobs.get(path);
      const last = !history.shallow ? lastChange(history, path) : null;
      const key = store && head && blob && last?.status === 'known' ? { repo, path, blob, lastChange: last.commit.sha } : null;
      const stored = key ? getBlame(store!, key, head!) : null;
      pending = stored
        ? Promise.resolve(stored)
        : head
          ? blameFile(git, head, path, { cache, blob }).then((r) => {
              if (r.ok) {
                if (key && r.value) putBlame(store!, key, r.value);
                return r.value;
              }
              diagnostics.warn('W_GIT_BLAME', `could not attribute the lines of this file: ${r.error.message}`, { repo, file: path });
              return null;
            })
          : Promise.resolve(null);
      blames.set(path, pending);
    }
    return pending;
  };

  return {
    async lastChangeOfLines(path, lines) {
      if (isUncommitted(history, path)) return UNCOMMITTED;
      if (history.failure !== null) return lastChange(history, path);
      const blame = await blameOf(path);
      if (!blame) return lastChange(history, path);
      const commit = lastChangeOfLines(history, blame, lines);
      // Null: every line is older than the shallow boundary (or outside the file).
      if (commit) return { status: 'known', commit };
      return history.shallow ? { status: 'unknown', reason: shallowReason(history) } : lastChange(history, path);
    },
  };
}
