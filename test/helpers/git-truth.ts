// What git itself says, computed independently of livewiki's history index, for assertions.
import type { TestRepo } from './git-repo.ts';

export interface GitCommitFacts {
  sha: string;
  authorName: string;
  authoredAt: string;
  committedAt: string;
  subject: string;
}

const SEP = '\u001f';

export function commitFacts(repo: TestRepo, sha: string): GitCommitFacts {
  const out = repo.git('show', '-s', '--use-mailmap', `--format=%H${SEP}%aN${SEP}%aI${SEP}%cI${SEP}%s`, sha).trimEnd();
  const [h, authorName, authoredAt, committedAt, subject] = out.split(SEP);
  return { sha: h!, authorName: authorName!, authoredAt: authoredAt!, committedAt: committedAt!, subject: subject! };
}

/** `git log -1 --first-parent -- <path>` following renames: the last change of a path. */
export function lastChangeOfPath(repo: TestRepo, path: string): string {
  return repo.git('log', '-1', '--first-parent', '--format=%H', '--', path).trim();
}

/** First-parent history order: index 0 is HEAD. */
export function firstParentOrder(repo: TestRepo): Map<string, number> {
  const shas = repo.git('rev-list', '--first-parent', 'HEAD').trim().split('\n');
  return new Map(shas.map((s, i) => [s, i]));
}

/** The newest commit (in first-parent history order) among `git blame --first-parent` of lines a..b. */
export function lastChangeOfLines(repo: TestRepo, path: string, [a, b]: [number, number]): string {
  const out = repo.git('blame', '--first-parent', '--porcelain', '-L', `${a},${b}`, 'HEAD', '--', path);
  const shas = new Set(out.split('\n').filter((l) => /^[0-9a-f]{40} \d+ \d+/.test(l)).map((l) => l.slice(0, 40)));
  const order = firstParentOrder(repo);
  return [...shas].sort((x, y) => (order.get(x) ?? Infinity) - (order.get(y) ?? Infinity))[0]!;
}
