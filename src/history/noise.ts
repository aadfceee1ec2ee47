// Noise-aware dating (DESIGN §3 "Noise"): commits that never are a page's last change.
//
// - `ignore-revs`: listed in `.git-blame-ignore-revs` at the built commit or in `history.ignoreRevs`.
// - `bulk-rename`: a commit touching at least `minFiles` files and `share` of the tracked files,
//   every change of which is a rename with identical content (R100).
// - `bulk-format`: the same size, every change of which is whitespace only (`git log -w` shows no
//   line added or removed; renames with whitespace-only edits count).
// Merge commits are never bulk (what they bring is judged on the merged branch). Skipped commits
// stay in the page's history, marked with the reason; a file whose every change is skipped keeps
// its newest one (never unknown).

import type { GitRepo } from '../git/repo.ts';
import { runGit } from '../git/run.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { Change, NoiseReason, RepoHistory } from '../model/history.ts';
import { IGNORE_REVS_FILE, loadIgnoreRevs } from './ignore-revs.ts';
import { changesOf, changesUnder, lastChange, lastChangeUnder } from './query.ts';

export interface NoiseSettings {
  ignoreRevs: readonly string[];
  bulk: { minFiles: number; share: number };
}

/** Fills `history.ignoreRevs` and `history.noise`. Costs one `cat-file` and, when bulk candidates exist, two `git log --no-walk`. */
export async function detectNoise(git: GitRepo, history: RepoHistory, trackedFiles: number, settings: NoiseSettings, diagnostics: Diagnostics): Promise<void> {
  if (history.head === null || history.failure !== null) return;
  const noise: Record<string, NoiseReason> = Object.create(null) as Record<string, NoiseReason>;
  const ignored = await loadIgnoreRevs(git, history.head, settings.ignoreRevs);
  for (const p of ignored.problems) {
    diagnostics.warn('W_IGNORE_REVS_INVALID', `ignored revision ${p.source === 'file' ? `on line ${p.line}` : `#${p.line} of history.ignoreRevs`} skipped: ${p.message}`, {
      repo: history.repo,
      ...(p.source === 'file' ? { file: IGNORE_REVS_FILE, line: p.line } : {}),
    });
  }
  history.ignoreRevs = ignored.revs;
  for (const sha of ignored.revs) noise[sha] = 'ignore-revs';

  const candidates = bulkCandidates(history, trackedFiles, settings.bulk).filter((sha) => !noise[sha]);
  if (candidates.length > 0) {
    const kinds = await classifyBulk(git, candidates);
    if (kinds === null) diagnostics.warn('W_GIT_BULK_CHECK', `could not check ${candidates.length} large commit(s) for formatting-only or rename-only changes; they count as changes`, { repo: history.repo });
    else for (const [sha, reason] of kinds) noise[sha] = reason;
  }
  if (Object.keys(noise).length > 0) history.noise = noise;
}

/** Non-merge commits touching at least `minFiles` files and `share` of the tracked files. */
export function bulkCandidates(history: RepoHistory, trackedFiles: number, bulk: { minFiles: number; share: number }): string[] {
  const counts = new Map<number, number>();
  for (const path in history.changes) for (const i of history.changes[path]!) counts.set(i, (counts.get(i) ?? 0) + 1);
  const need = Math.max(bulk.minFiles, Math.ceil(bulk.share * trackedFiles));
  const boundary = new Set(history.boundary);
  const out: string[] = [];
  for (const [i, n] of counts) {
    const c = history.commits[i]!;
    if (n >= need && c.parents.length === 1 && !boundary.has(c.sha)) out.push(c.sha);
  }
  return out.sort();
}

/** Rename-only (every change R100) or whitespace-only commits among `shas`; null when git failed. */
async function classifyBulk(git: GitRepo, shas: string[]): Promise<Map<string, NoiseReason> | null> {
  const input = shas.join('\n') + '\n';
  const base = ['log', '--no-walk=unsorted', '--stdin', '-z', '--no-color', '--no-abbrev', '--format=%x1e%H'];
  // Exact renames only (-M100%): rename-only means R100, and similarity matching over a commit of
  // thousands of files is the expensive part of git's rename detection.
  const statuses = await runGit(git.ctx, [...base, '-M100%', '--name-status'], { input, timeoutMs: 10 * 60_000, maxBytes: 1 << 30 });
  if (!statuses.ok) return null;
  const out = new Map<string, NoiseReason>();
  const rest: string[] = [];
  for (const [sha, tokens] of records(statuses.value.toString('utf8'))) {
    // Tokens: status, path(s); a rename-only commit has nothing but `R100 from to` triples.
    let renameOnly = tokens.length > 0;
    for (let k = 0; k < tokens.length; ) {
      const st = tokens[k]!;
      if (st !== 'R100') renameOnly = false;
      k += st.startsWith('R') || st.startsWith('C') ? 3 : 2;
    }
    if (renameOnly) out.set(sha, 'bulk-rename');
    // A formatter only modifies files: a commit that adds or deletes any is not whitespace-only.
    else if (modifiesOnly(tokens)) rest.push(sha);
  }
  if (rest.length === 0) return out;
  // Whitespace only: with -w, no file has a line added or removed (git drops such files).
  const ws = await runGit(git.ctx, [...base, '-M100%', '-w', '--numstat'], { input: rest.join('\n') + '\n', timeoutMs: 10 * 60_000, maxBytes: 1 << 30 });
  if (!ws.ok) return null;
  for (const [sha, tokens] of records(ws.value.toString('utf8'))) {
    const formatOnly = tokens.every((t) => !/^\d+\t\d+\t/.test(t) || /^0\t0\t/.test(t)) && !tokens.some((t) => t.startsWith('-\t'));
    if (formatOnly) out.set(sha, 'bulk-format');
  }
  return out;
}

/** Every change of a `--name-status` record is a modification (or an exact rename). */
function modifiesOnly(tokens: readonly string[]): boolean {
  for (let k = 0; k < tokens.length; ) {
    const st = tokens[k]!;
    if (st !== 'M' && st !== 'R100') return false;
    k += st.startsWith('R') || st.startsWith('C') ? 3 : 2;
  }
  return tokens.length > 0;
}

/** `sha → tokens` of a `--format=%x1e%H -z` log: NUL-separated tokens after each header. */
function records(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let cur: string[] | null = null;
  for (const raw of text.split('\0')) {
    const t = raw.replace(/^\n+/, '');
    const rs = t.indexOf('\x1e');
    if (rs >= 0) {
      const sha = t.slice(rs + 1).trim();
      cur = [];
      out.set(sha, cur);
      continue;
    }
    if (cur && t !== '') cur.push(t);
  }
  return out;
}

/**
 * A file's last change for its page: the newest change that is not noise; when every change is,
 * the newest one, marked `skipped`.
 */
/** A folder's last change (`lastChangeUnder`), passing over noise as `lastPageChange` does. */
export function lastFolderChange(history: RepoHistory, folder: string): Change {
  const last = lastChangeUnder(history, folder);
  const noise = history.noise;
  if (last.status !== 'known' || !noise || !noise[last.commit.sha]) return last;
  for (const c of changesUnder(history, folder, 50)) if (!noise[c.sha]) return { status: 'known', commit: c };
  return { ...last, skipped: noise[last.commit.sha]! };
}

export function lastPageChange(history: RepoHistory, path: string): Change {
  const last = lastChange(history, path);
  const noise = history.noise;
  if (last.status !== 'known' || !noise || !noise[last.commit.sha]) return last;
  for (const c of changesOf(history, path)) if (!noise[c.sha]) return { status: 'known', commit: c };
  return { ...last, skipped: noise[last.commit.sha]! };
}
