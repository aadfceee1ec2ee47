// The two commits `livewiki diff` compares, resolved in the repository with git, and what lies
// between them: the merge base (a pull request's "Files changed" compares with it), the commits
// after it and the files that differ. Every failure is a usage problem with one line that says
// what to do (exit 2), never a report of the wrong commits.

import type { GitRepo } from '../git/repo.ts';
import { isSha, runGit, runGitText } from '../git/run.ts';

export interface RefProblem {
  code: 'E_DIFF_REF_UNKNOWN' | 'E_DIFF_REF_NOT_FETCHED' | 'E_DIFF_NO_MERGE_BASE' | 'E_GIT_FAILED';
  message: string;
  hint: string;
}

export interface FileChange {
  status: 'added' | 'modified' | 'removed' | 'renamed';
  path: string;
  /** For renames: the path at the base. */
  from?: string;
}

export interface Range {
  base: string;
  head: string;
  mergeBase: string;
  /** Commits in mergeBase..head (every parent, not only the first). */
  commits: string[];
  files: FileChange[];
}

type Result<T> = { ok: true; value: T } | { ok: false; problem: RefProblem };

const FETCH_HINT = 'Check out with full history (actions/checkout: fetch-depth: 0), or run git fetch --unshallow origin.';

/** The commit a ref names, or why it names none (a shallow clone says so). */
export async function resolveRef(git: GitRepo, ref: string, which: '--base' | '--head'): Promise<Result<string>> {
  // Refs are passed after --end-of-options, so one that looks like an option is never read as one.
  if (ref.trim() === '' || /[\u0000-\u001f]/.test(ref)) {
    return { ok: false, problem: { code: 'E_DIFF_REF_UNKNOWN', message: `${which} is empty or holds control characters`, hint: 'Pass a branch, tag or commit, e.g. --base origin/main.' } };
  }
  const r = await runGitText(git.ctx, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], { okExitCodes: [1, 128] });
  const sha = r.ok ? r.value.trim() : '';
  if (isSha(sha)) return { ok: true, value: sha };
  if (git.isShallow) {
    return {
      ok: false,
      problem: { code: 'E_DIFF_REF_NOT_FETCHED', message: `${which} ${JSON.stringify(ref)} is not in this shallow clone of ${git.root}`, hint: `${FETCH_HINT} Or fetch the ref: git fetch origin ${ref}.` },
    };
  }
  return {
    ok: false,
    problem: {
      code: 'E_DIFF_REF_UNKNOWN',
      message: `${which} ${JSON.stringify(ref)} names no commit in ${git.root}`,
      hint: `Check the spelling, or fetch it first (git fetch origin ${ref}); in GitHub Actions pass the pull request's base sha.`,
    },
  };
}

/** Merge base, commits after it and changed files between two resolved commits. */
export async function rangeOf(git: GitRepo, base: string, head: string): Promise<Result<Range>> {
  const mb = await runGitText(git.ctx, ['merge-base', base, head], { okExitCodes: [1] });
  const mergeBase = mb.ok ? mb.value.trim() : '';
  if (!isSha(mergeBase)) {
    if (git.isShallow) {
      return { ok: false, problem: { code: 'E_DIFF_REF_NOT_FETCHED', message: `the history between ${base.slice(0, 12)} and ${head.slice(0, 12)} is not in this shallow clone, so their merge base is unknown`, hint: FETCH_HINT } };
    }
    return { ok: false, problem: { code: 'E_DIFF_NO_MERGE_BASE', message: `${base.slice(0, 12)} and ${head.slice(0, 12)} share no history`, hint: 'Compare commits of the same history.' } };
  }
  const list = await runGit(git.ctx, ['rev-list', `${mergeBase}..${head}`]);
  if (!list.ok) return { ok: false, problem: { code: 'E_GIT_FAILED', message: list.error.message, hint: list.error.hint ?? 'Check that the repository is readable.' } };
  const commits = list.value.toString('utf8').split('\n').filter(isSha);
  const names = await runGit(git.ctx, ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '-M', '--name-status', '-z', mergeBase, head, '--']);
  if (!names.ok) return { ok: false, problem: { code: 'E_GIT_FAILED', message: names.error.message, hint: names.error.hint ?? 'Check that the repository is readable.' } };
  return { ok: true, value: { base, head, mergeBase, commits, files: parseNameStatus(names.value.toString('utf8')) } };
}

/** `git diff --name-status -z` output: `S\0path\0` or `Rnn\0old\0new\0`. */
export function parseNameStatus(text: string): FileChange[] {
  const parts = text.split('\0');
  const out: FileChange[] = [];
  for (let i = 0; i < parts.length; ) {
    const status = parts[i++] ?? '';
    if (status === '') continue;
    if (status.startsWith('R') || status.startsWith('C')) {
      const from = parts[i++]!;
      const path = parts[i++]!;
      out.push(status.startsWith('R') ? { status: 'renamed', path, from } : { status: 'added', path });
    } else {
      const path = parts[i++]!;
      out.push({ status: status === 'A' ? 'added' : status === 'D' ? 'removed' : 'modified', path });
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
