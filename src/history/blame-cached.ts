// Blame across builds. `git blame --first-parent` of a file at the built commit depends on the
// file's history up to its last change: when neither its bytes (blob), its path nor its last
// change (first-parent, renames followed) moved, the blame at any later head is the same. So the
// key is (repository, path, blob, last-change commit), and a file untouched by a merge is never
// blamed again. Stored compactly: distinct shas once, then one index per line.
import type { FileBlame } from './blame.ts';
import type { Store } from '../cache/store.ts';

export const BLAME_KIND = 'blame';

interface Entry {
  shas: string[];
  lines: number[];
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

export interface BlameKey {
  repo: string;
  path: string;
  blob: string;
  lastChange: string;
}

const partsOf = (k: BlameKey): string[] => [k.repo, k.path, k.blob, k.lastChange];

/** The cached blame at `head`, or null. */
export function getBlame(store: Store, key: BlameKey, head: string): FileBlame | null {
  const entry = store.get<Entry>(BLAME_KIND, partsOf(key));
  if (!entry) return null;
  if (!Array.isArray(entry.shas) || !Array.isArray(entry.lines) || !entry.shas.every((s) => typeof s === 'string' && SHA.test(s)) || !entry.lines.every((i) => Number.isInteger(i) && i >= 0 && i < entry.shas.length)) {
    store.stale(BLAME_KIND, 'not a valid blame');
    return null;
  }
  return { sha: head, path: key.path, blob: key.blob, lines: entry.lines.map((i) => entry.shas[i]!) };
}

export function putBlame(store: Store, key: BlameKey, blame: FileBlame): void {
  const shas: string[] = [];
  const at = new Map<string, number>();
  const lines = blame.lines.map((sha) => {
    let i = at.get(sha);
    if (i === undefined) {
      i = shas.length;
      shas.push(sha);
      at.set(sha, i);
    }
    return i;
  });
  store.put(BLAME_KIND, partsOf(key), { shas, lines } satisfies Entry);
}
