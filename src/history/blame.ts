// Line-level attribution for sections: `git blame --porcelain --first-parent <sha> -- <path>`,
// run once per file and cached. A section's commit is the blamed commit among its lines that
// comes first in history order (the newest on the first-parent chain), never the newest date.
import type { Commit, RepoHistory } from '../model/history.ts';
import { blobAt, type GitRepo } from '../git/repo.ts';
import { assertSha, isSha, runGit, type GitResult } from '../git/run.ts';
import { commitOf, orderOf } from './query.ts';

export interface FileBlame {
  /** Commit the file was blamed at. */
  sha: string;
  path: string;
  /** Blob id of the file at `sha`. */
  blob: string;
  /** `lines[i]` is the sha of the commit that last changed line i + 1. */
  lines: string[];
  /** The same without skipping ignored revisions, when that differs (`.git-blame-ignore-revs`). */
  unignored?: string[];
}

/**
 * In-memory blame cache of one repository. The key is the blob id plus the path: the same
 * content at two paths can have different histories (copies, empty files), so the blob alone
 * is not enough. Use one cache per (repository, built commit).
 */
export class BlameCache {
  private readonly map = new Map<string, FileBlame>();

  key(blob: string, path: string): string {
    return `${blob}\0${path}`;
  }

  get(blob: string, path: string): FileBlame | undefined {
    return this.map.get(this.key(blob, path));
  }

  set(value: FileBlame): void {
    this.map.set(this.key(value.blob, value.path), value);
  }

  get size(): number {
    return this.map.size;
  }
}

const HEADER_RE = /^([0-9a-f]{40}|[0-9a-f]{64}) (\d+) (\d+)(?: \d+)?$/;

/** Parses `git blame --porcelain` output into one sha per final line. */
export function parsePorcelainBlame(text: string): string[] {
  const lines: string[] = [];
  let expectHeader = true;
  for (const line of text.split('\n')) {
    if (expectHeader) {
      const m = HEADER_RE.exec(line);
      if (!m) continue;
      lines[Number(m[3]) - 1] = m[1]!;
      expectHeader = false;
    } else if (line.startsWith('\t')) {
      expectHeader = true; // the content line ends each entry
    }
  }
  return lines;
}

export interface BlameOptions {
  cache?: BlameCache;
  /** Blob id of `path` at `sha`, when the caller already knows it (saves one `ls-tree`). */
  blob?: string;
  timeoutMs?: number;
}

/**
 * Blames `path` at commit `sha` (first-parent view, renames followed by git). Returns null when
 * the path is not a file at `sha`.
 */
export async function blameFile(repo: GitRepo, sha: string, path: string, options: BlameOptions = {}): Promise<GitResult<FileBlame | null>> {
  assertSha(sha);
  let blob = options.blob;
  if (blob === undefined) {
    const b = await blobAt(repo, sha, path);
    if (!b.ok) return b;
    if (b.value === null) return { ok: true, value: null };
    blob = b.value;
  } else if (!isSha(blob)) {
    throw new TypeError(`not a blob id: ${JSON.stringify(blob)}`);
  }
  const cached = options.cache?.get(blob, path);
  if (cached) return { ok: true, value: cached };
  const r = await runGit(repo.ctx, ['blame', '--porcelain', '--first-parent', '--no-textconv', sha, '--', path], {
    timeoutMs: options.timeoutMs,
  });
  if (!r.ok) return r;
  const result: FileBlame = { sha, path, blob, lines: parsePorcelainBlame(r.value.toString('utf8')) };
  options.cache?.set(result);
  return { ok: true, value: result };
}

/**
 * The commit that last changed any of the lines `start..end` (1-based, inclusive): the one
 * first in history order. Lines blamed on the shallow boundary are older than every known
 * commit, so they are skipped; when only boundary lines remain the answer is null (unknown).
 */
export function lastChangeOfLines(history: RepoHistory, blame: FileBlame, range: readonly [number, number]): Commit | null {
  const boundary = new Set(history.boundary);
  const from = Math.max(1, Math.floor(range[0]));
  const to = Math.min(blame.lines.length, Math.floor(range[1]));
  let best = Number.POSITIVE_INFINITY;
  let bestSha: string | null = null;
  const seen = new Set<string>();
  for (let line = from; line <= to; line++) {
    const sha = blame.lines[line - 1];
    if (sha === undefined || seen.has(sha)) continue;
    seen.add(sha);
    if (boundary.has(sha)) continue;
    const pos = orderOf(history, sha);
    if (pos !== Number.MAX_SAFE_INTEGER && pos < best) {
      best = pos;
      bestSha = sha;
    }
  }
  return bestSha === null ? null : commitOf(history, bestSha);
}
