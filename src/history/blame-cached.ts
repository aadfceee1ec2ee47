// Blame across builds. `git blame --first-parent` of a file at the built commit depends on the
// file's history up to its last change: when neither its bytes (blob), its path nor its last
// change (first-parent, renames followed) moved, the blame at any later head is the same. So the
// key is (repository, path, blob, last-change commit), and a file untouched by a merge is never
// blamed again. Revisions blame skips (`.git-blame-ignore-revs`) change the answer, so their
// digest joins the key when there are any. Stored compactly: distinct shas once, then one index
// per line (and per line without skipping, when that differs).
import type { FileBlame } from './blame.ts';
import type { Store } from '../cache/store.ts';

export const BLAME_KIND = 'blame';

interface Entry {
  shas: string[];
  lines: number[];
  unignored?: number[];
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

export interface BlameKey {
  repo: string;
  path: string;
  blob: string;
  lastChange: string;
  /** Digest of the ignored revisions, when there are any. */
  ignoreRevs?: string;
}

const partsOf = (k: BlameKey): string[] => [k.repo, k.path, k.blob, k.lastChange, ...(k.ignoreRevs ? [k.ignoreRevs] : [])];
const validIndexes = (xs: unknown, n: number): xs is number[] => Array.isArray(xs) && xs.every((i) => Number.isInteger(i) && i >= 0 && i < n);

/** The cached blame at `head`, or null. */
export function getBlame(store: Store, key: BlameKey, head: string): FileBlame | null {
  const entry = store.get<Entry>(BLAME_KIND, partsOf(key));
  if (!entry) return null;
  if (
    !Array.isArray(entry.shas) ||
    !entry.shas.every((s) => typeof s === 'string' && SHA.test(s)) ||
    !validIndexes(entry.lines, entry.shas.length) ||
    (entry.unignored !== undefined && (!validIndexes(entry.unignored, entry.shas.length) || entry.unignored.length !== entry.lines.length))
  ) {
    store.stale(BLAME_KIND, 'not a valid blame');
    return null;
  }
  const blame: FileBlame = { sha: head, path: key.path, blob: key.blob, lines: entry.lines.map((i) => entry.shas[i]!) };
  if (entry.unignored) blame.unignored = entry.unignored.map((i) => entry.shas[i]!);
  return blame;
}

export function putBlame(store: Store, key: BlameKey, blame: FileBlame): void {
  const shas: string[] = [];
  const at = new Map<string, number>();
  const indexOf = (sha: string): number => {
    let i = at.get(sha);
    if (i === undefined) {
      i = shas.length;
      shas.push(sha);
      at.set(sha, i);
    }
    return i;
  };
  const lines = blame.lines.map(indexOf);
  const entry: Entry = { shas, lines };
  if (blame.unignored) entry.unignored = blame.unignored.map(indexOf);
  store.put(BLAME_KIND, partsOf(key), entry);
}
