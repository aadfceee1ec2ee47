import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.ts';
import { openRepo, type GitRepo } from '../../src/git/repo.ts';
import { buildHistoryIndex, type HistoryIndex } from '../../src/history/log.ts';
import { BlameCache, blameFile, lastChangeOfLines } from '../../src/history/blame.ts';
import { repoHistoryOf } from '../../src/history/read.ts';

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/** Shas git blames for lines a..b (first-parent view). */
function gitBlame(repo: TestRepo, path: string, a: number, b: number): string[] {
  const out = repo.git('blame', '--first-parent', '--porcelain', '-L', `${a},${b}`, 'HEAD', '--', path);
  const shas: string[] = [];
  let expectHeader = true;
  for (const line of out.split('\n')) {
    if (expectHeader && /^[0-9a-f]{40} /.test(line)) {
      shas.push(line.slice(0, 40));
      expectHeader = false;
    } else if (line.startsWith('\t')) expectHeader = true;
  }
  return shas;
}

const lines = (n: number, tag = ''): string => Array.from({ length: n }, (_, i) => `line ${i + 1}${tag}`).join('\n') + '\n';

describe('section attribution by blame', () => {
  const repo = TestRepo.init();
  let git: GitRepo;
  let index: HistoryIndex;
  const shas: Record<string, string> = {};

  beforeAll(async () => {
    repo.write('spec.md', lines(12));
    repo.write('copy.md', lines(12));
    shas.c1 = repo.commit('initial');
    const edit = (from: number, to: number, tag: string): void => {
      const cur = repo.git('show', 'HEAD:spec.md').split('\n');
      for (let i = from - 1; i < to; i++) cur[i] = `${cur[i]}${tag}`;
      repo.write('spec.md', cur.join('\n'));
    };
    edit(3, 4, ' (b)');
    shas.c2 = repo.commit('edit 3-4');
    repo.git('checkout', '-q', '-b', 'side');
    edit(8, 9, ' (side)');
    shas.side = repo.commit('side edit 8-9');
    repo.git('checkout', '-q', 'main');
    edit(1, 1, ' (main)');
    shas.c3 = repo.commit('edit 1');
    shas.merge = repo.merge('side', { message: 'Merge pull request #9 from bob/side' });
    // Newest commit with the oldest date: history order must win.
    edit(11, 11, ' (skew)');
    shas.skew = repo.commit({ message: 'skewed edit 11', date: '1999-01-01T00:00:00Z' });
    git = must(await openRepo(repo.root));
    index = must(await buildHistoryIndex(git));
  });
  afterAll(() => repo.cleanup());

  it('blames every line like `git blame --first-parent` does, side-branch lines on the merge', async () => {
    const blame = must(await blameFile(git, git.head!, 'spec.md'))!;
    expect(blame.lines).toEqual(gitBlame(repo, 'spec.md', 1, 12));
    expect(blame.lines[7]).toBe(shas.merge);
  });

  it('gives each line range the newest commit in history order among its lines', async () => {
    const blame = must(await blameFile(git, git.head!, 'spec.md'))!;
    const ranges: [number, number][] = [[1, 2], [2, 2], [3, 4], [5, 7], [8, 9], [10, 12], [1, 12], [4, 8], [12, 12]];
    for (const [a, b] of ranges) {
      const expected = gitBlame(repo, 'spec.md', a, b).sort((x, y) => index.order.get(x)! - index.order.get(y)!)[0];
      expect(lastChangeOfLines(repoHistoryOf(git, 'r', index), blame, [a, b])?.sha, `${a}-${b}`).toBe(expected);
    }
    expect(lastChangeOfLines(repoHistoryOf(git, 'r', index), blame, [1, 12])?.sha).toBe(shas.skew);
    expect(lastChangeOfLines(repoHistoryOf(git, 'r', index), blame, [5, 7])?.sha).toBe(shas.c1);
  });

  it('caches by blob and path: identical content at two paths keeps separate histories', async () => {
    const cache = new BlameCache();
    const a = must(await blameFile(git, git.head!, 'copy.md', { cache }))!;
    const again = must(await blameFile(git, git.head!, 'copy.md', { cache }))!;
    expect(again).toBe(a);
    expect(cache.size).toBe(1);
    expect(a.lines.every((s) => s === shas.c1)).toBe(true);
    expect(must(await blameFile(git, git.head!, 'missing.md'))).toBeNull();
  });
});

describe('blame in a shallow clone', () => {
  it('returns null for a range blamed only on the boundary, the known commit otherwise', async () => {
    const origin = TestRepo.init();
    const clone = new TestRepo();
    try {
      origin.write('f.md', lines(4)).commit('one');
      origin.write('f.md', lines(4, ' v2')).commit('two');
      origin.write('other.md', 'x\n').commit('three');
      const cur = lines(4, ' v2').split('\n');
      cur[3] = 'line 4 v3';
      origin.write('f.md', cur.join('\n'));
      const four = origin.commit('four');
      clone.git('clone', '-q', '--depth', '2', `file://${origin.root}`, '.');
      const git = must(await openRepo(clone.root));
      const index = must(await buildHistoryIndex(git));
      const blame = must(await blameFile(git, git.head!, 'f.md'))!;
      expect(lastChangeOfLines(repoHistoryOf(git, 'r', index), blame, [1, 3])).toBeNull();
      expect(lastChangeOfLines(repoHistoryOf(git, 'r', index), blame, [3, 4])?.sha).toBe(four);
    } finally {
      origin.cleanup();
      clone.cleanup();
    }
  });
});
