// Revisions section provenance skips, like `git blame --ignore-revs-file`: the repository's
// `.git-blame-ignore-revs` (read from the built commit, never the work tree or the repository's
// git config) plus a configured list. The file format is git's (`blame.ignoreRevsFile`, the
// `fsck.skipList` format): one full object name per line, `#` starts a comment, blank lines
// are skipped. Where git dies on a bad line, we report it (file:line) and skip it. Names are
// peeled to commits as git does (an annotated tag names its commit); names of no commit in the
// repository are dropped, as git drops them.
import { readFileAt, type GitRepo } from '../git/repo.ts';
import { isSha, runGit } from '../git/run.ts';

export const IGNORE_REVS_FILE = '.git-blame-ignore-revs';

export interface IgnoreRevsProblem {
  line: number;
  message: string;
}

/** Parses the ignore-revs file format; bad lines become problems. */
export function parseIgnoreRevs(text: string): { revs: string[]; problems: IgnoreRevsProblem[] } {
  const revs: string[] = [];
  const problems: IgnoreRevsProblem[] = [];
  text.split('\n').forEach((raw, i) => {
    const hash = raw.indexOf('#');
    const name = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (name === '') return;
    const lower = name.toLowerCase();
    if (isSha(lower)) revs.push(lower);
    else problems.push({ line: i + 1, message: `${JSON.stringify(name.slice(0, 80))} is not a full commit id (git requires all 40 or 64 hex digits here)` });
  });
  return { revs, problems };
}

/** The commits `names` peel to (one `cat-file --batch-check`); names of no commit are dropped. */
export async function peelToCommits(repo: GitRepo, names: readonly string[]): Promise<string[]> {
  const unique = [...new Set(names.filter(isSha))];
  if (unique.length === 0) return [];
  const r = await runGit(repo.ctx, ['cat-file', '--batch-check=%(objectname) %(objecttype)'], { input: unique.map((n) => `${n}^{commit}`).join('\n') + '\n' });
  if (!r.ok) return [];
  const out = new Set<string>();
  for (const line of r.value.toString('latin1').split('\n')) {
    const [id, type] = line.split(' ');
    if (id && type === 'commit' && isSha(id)) out.add(id);
  }
  return [...out].sort();
}

export interface LoadedIgnoreRevs {
  /** Commit ids to skip, sorted. */
  revs: string[];
  /** Problems found in the repository's file (line numbers) or the configured list (index + 1). */
  problems: { source: 'file' | 'config'; line: number; message: string }[];
}

/** The repository's `.git-blame-ignore-revs` at `head` plus `configured`, peeled to commits. */
export async function loadIgnoreRevs(repo: GitRepo, head: string, configured: readonly string[]): Promise<LoadedIgnoreRevs> {
  const problems: LoadedIgnoreRevs['problems'] = [];
  const names: string[] = [];
  const file = await readFileAt(repo, head, IGNORE_REVS_FILE);
  if (file.ok && file.value) {
    const parsed = parseIgnoreRevs(file.value.toString('utf8'));
    names.push(...parsed.revs);
    for (const p of parsed.problems) problems.push({ source: 'file', ...p });
  }
  configured.forEach((name, i) => {
    const n = name.trim().toLowerCase();
    if (isSha(n)) names.push(n);
    else problems.push({ source: 'config', line: i + 1, message: `${JSON.stringify(n.slice(0, 80))} is not a full commit id` });
  });
  return { revs: await peelToCommits(repo, names), problems };
}
