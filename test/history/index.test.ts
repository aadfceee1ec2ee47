import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { isolatedGitEnv, TestRepo } from '../helpers/git-repo.ts';
import { listTrackedFiles, openRepo, type GitRepo } from '../../src/git/repo.ts';
import { inferForgeLinks } from '../../src/git/remote.ts';
import { buildHistoryIndex, type HistoryIndex } from '../../src/history/log.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';

const NEWLINE_NAME = 'weird\nname.md';
const DASH_NAME = '-dash.md';
const UNICODE_NAME = 'ünïcödé dir/fïlé "quoted" name.md';

/** What git itself says about the newest first-parent change of `path`. */
function gitLast(repo: TestRepo, path: string): string[] {
  const out = repo.git('log', '-1', '--first-parent', '-z', '--format=%H%x00%aN%x00%aE%x00%aI%x00%cI%x00%s', '--', `:(literal)${path}`);
  return out.split('\0').slice(0, 6);
}

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe('history index over a scripted repository', () => {
  const repo = TestRepo.init();
  const shas: Record<string, string> = {};
  let git: GitRepo;
  let index: HistoryIndex;
  const diagnostics = new Diagnostics();

  beforeAll(async () => {
    repo.write('README.md', '# Readme\n');
    repo.write('docs/old-name.md', 'line 1\nline 2\nline 3\nline 4\nline 5\n');
    repo.write('src/a.ts', 'export const a = 1;\n');
    repo.write(DASH_NAME, 'dash\n');
    repo.write(NEWLINE_NAME, 'newline\n');
    repo.write(UNICODE_NAME, 'unicode\n');
    repo.write('.mailmap', 'Alice Author <alice@example.com> <alice@old.example>\nCarol Canonical <carol@example.com> <carol@personal.example>\n');
    shas.c1 = repo.commit({ message: 'Initial import', author: 'Zoë Ångström <zoe@example.com>' });

    repo.write('docs/old-name.md', 'line 1\nline 2 improved\nline 3\nline 4\nline 5\n');
    shas.c2 = repo.commit({
      message:
        'Improve guide for UTF-8 and SHA-256 users (#12)\n\nRefs LFE-7 and ISO-8859-1, see https://example.com/LFE-99 and OPS-3.\nFixes #30\n\n---------\n\nCo-authored-by: Carol <carol@personal.example>\nCo-authored-by: CAROL <CAROL@personal.example>\nCo-authored-by: Alice Author <alice@example.com>\nCo-authored-by: dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>',
      author: 'Alice Author <alice@old.example>',
    });

    repo.git('mv', 'docs/old-name.md', 'docs/new-name.md');
    shas.c3 = repo.commit({ message: 'Rename the guide' });

    repo.git('checkout', '-q', '-b', 'feat');
    repo.write('src/a.ts', 'export const a = 2;\n');
    shas.f1 = repo.commit({ message: 'Change a on a branch', author: 'Bob Builder <bob@example.com>' });
    repo.write('docs/new-name.md', 'line 1\nline 2 improved\nline 3 from branch\nline 4\nline 5\n');
    shas.f2 = repo.commit({ message: 'Edit guide on a branch', author: 'Bob Builder <bob@example.com>' });
    repo.git('checkout', '-q', 'main');
    repo.write('README.md', '# Readme\n\nMore.\n');
    shas.c4 = repo.commit({ message: 'Touch readme on main' });
    shas.merge = repo.merge('feat', { message: 'Merge pull request #45 from alice/feat\n\nFeature work' });

    // Skewed clock: the newest commit carries the oldest date.
    repo.write('README.md', '# Readme\n\nMore.\nSkewed.\n');
    shas.skewed = repo.commit({ message: 'Commit from a machine with a wrong clock', date: '2001-02-03T04:05:06+14:00' });

    repo.write(DASH_NAME, 'dash 2\n');
    repo.write(NEWLINE_NAME, 'newline 2\n');
    shas.last = repo.commit({ message: 'Update odd names, closes #7', author: 'Alice Author <alice@old.example>' });

    git = must(await openRepo(repo.root));
    const links = inferForgeLinks('https://user:secret-token@github.com/acme/wiki.git');
    index = must(await buildHistoryIndex(git, { ticketPrefixes: ['LFE', 'OPS'], links, diagnostics }));
  });

  afterAll(() => repo.cleanup());

  it('agrees with `git log -1 --first-parent` on every tracked path (sha, author, dates, subject)', async () => {
    const files = must(await listTrackedFiles(git));
    const paths = files.files.map((f) => f.path);
    expect(paths).toContain(NEWLINE_NAME);
    expect(paths).toContain(DASH_NAME);
    expect(paths).toContain(UNICODE_NAME);
    for (const path of paths) {
      const c = index.lastChange(path);
      const [sha, aN, aE, aI, cI, s] = gitLast(repo, path);
      expect(c?.sha, path).toBe(sha);
      expect([c?.author.name, c?.author.email, c?.authoredAt, c?.committedAt, c?.subject], path).toEqual([aN, aE, aI, cI, s]);
    }
  });

  it('attributes a branch change to the merge commit that landed it, with its pull request', () => {
    const c = index.lastChange('src/a.ts')!;
    expect(c.sha).toBe(shas.merge);
    expect(c.refs.pulls).toEqual([{ number: 45, url: 'https://github.com/acme/wiki/pull/45' }]);
    expect(c.url).toBe(`https://github.com/acme/wiki/commit/${shas.merge}`);
    expect(index.changesOf('src/a.ts').map((x) => x.sha)).toEqual([shas.merge, shas.c1]);
  });

  it('follows a git mv: the renamed file keeps the commits of its old path', () => {
    expect(index.changesOf('docs/new-name.md').map((x) => x.sha)).toEqual([shas.merge, shas.c3, shas.c2, shas.c1]);
    expect(index.formerPaths('docs/new-name.md')).toEqual(['docs/old-name.md']);
  });

  it('orders by history, not by date: the skewed commit is still the newest change', () => {
    expect(index.lastChange('README.md')?.sha).toBe(shas.skewed);
    expect(index.order.get(shas.skewed!)).toBeLessThan(index.order.get(shas.merge!)!);
    expect(index.order.get(shas.last!)).toBe(0);
    expect(index.lastChange('README.md')?.authoredAt).toBe('2001-02-03T04:05:06+14:00');
  });

  it('parses squash pull requests, issues and configured ticket keys only', () => {
    const c = index.commits.get(shas.c2!)!;
    expect(c.subject).toBe('Improve guide for UTF-8 and SHA-256 users (#12)');
    expect(c.refs.pulls.map((p) => p.number)).toEqual([12]);
    expect(c.refs.issues).toEqual([{ number: 30, url: 'https://github.com/acme/wiki/issues/30' }]);
    expect(c.refs.tickets.map((t) => t.key)).toEqual(['LFE-7', 'OPS-3']);
    expect(index.commits.get(shas.last!)!.refs.issues.map((i) => i.number)).toEqual([7]);
  });

  it('applies .mailmap to authors and co-authors, de-duplicates co-authors and marks bots', () => {
    const c = index.commits.get(shas.c2!)!;
    expect(c.author).toEqual({ name: 'Alice Author', email: 'alice@example.com', bot: false });
    expect(c.coAuthors).toEqual([
      { name: 'Carol Canonical', email: 'carol@example.com', bot: false },
      { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com', bot: true },
    ]);
    expect(index.commits.get(shas.c1!)!.author.name).toBe('Zoë Ångström');
  });

  it('hands out commits that serialize like plain objects: every Commit field, in order, with git’s values', () => {
    const c = index.commits.get(shas.c2!)!;
    const json = JSON.parse(JSON.stringify(c));
    expect(Object.keys(json)).toEqual(['sha', 'parents', 'author', 'coAuthors', 'committer', 'authoredAt', 'committedAt', 'subject', 'body', 'refs', 'url']);
    expect(json.parents).toEqual([shas.c1]);
    expect(json.body).toBe(repo.git('log', '-1', '--format=%b', shas.c2!).trimEnd());
    expect(json.body).toContain('Co-authored-by: Carol');
    expect(json.coAuthors.map((p: { name: string }) => p.name)).toEqual(['Carol Canonical', 'dependabot[bot]']);
    expect(json.refs.tickets.map((t: { key: string }) => t.key)).toEqual(['LFE-7', 'OPS-3']);
    expect(json.url).toBe(`https://github.com/acme/wiki/commit/${shas.c2}`);
    // Reading a field directly gives what the JSON says.
    expect(c.body).toBe(json.body);
    expect(JSON.parse(JSON.stringify(c.refs))).toEqual(json.refs);
    expect(index.commits.get(shas.merge!)!.parents).toEqual(repo.git('log', '-1', '--format=%P', shas.merge!).trim().split(' '));
  });

  it('never leaks remote credentials into links', () => {
    const all = JSON.stringify([...index.commits.values()]);
    expect(all).not.toContain('secret-token');
    expect(all).toContain('https://github.com/acme/wiki/');
  });

  it('reports nothing for untracked paths and emits no warnings for a healthy repository', () => {
    expect(index.lastChange('does/not/exist.md')).toBeNull();
    expect(index.changesOf('does/not/exist.md')).toEqual([]);
    expect(diagnostics.items).toEqual([]);
    expect(index.shallow.isShallow).toBe(false);
  });
});

describe('history index in a shallow clone', () => {
  const origin = TestRepo.init();
  let clone: TestRepo;
  beforeAll(() => {
    origin.write('old.md', 'old\n').write('mid.md', 'mid\n').commit('one');
    origin.write('mid.md', 'mid 2\n').commit('two');
    origin.write('new.md', 'new\n').commit('three');
    origin.write('newest.md', 'newest\n').commit('four');
    clone = new TestRepo();
    clone.git('clone', '-q', '--depth', '2', `file://${origin.root}`, '.');
  });
  afterAll(() => {
    origin.cleanup();
    clone.cleanup();
  });

  it('never reports the boundary commit as a change: such paths are unknown and truncated, others exact', async () => {
    const diagnostics = new Diagnostics();
    const git = must(await openRepo(clone.root));
    expect(git.isShallow).toBe(true);
    expect(git.shallowCommits.size).toBe(1);
    const boundary = [...git.shallowCommits][0]!;
    const index = must(await buildHistoryIndex(git, { diagnostics }));
    const files = must(await listTrackedFiles(git)).files.map((f) => f.path);
    let unknown = 0;
    for (const path of files) {
      const gitSays = gitLast(clone, path)[0];
      if (gitSays === boundary) {
        expect(index.lastChange(path), path).toBeNull();
        expect(index.isTruncated(path)).toBe(true);
        unknown++;
      } else {
        expect(index.lastChange(path)?.sha, path).toBe(gitSays);
      }
    }
    expect(unknown).toBe(3); // old.md, mid.md, new.md: all first seen at the boundary
    expect(index.lastChange('newest.md')?.subject).toBe('four');
    expect(diagnostics.items.map((d) => d.code)).toEqual(['W_GIT_SHALLOW']);
  });
});

describe('history index edge cases', () => {
  it('opens an empty repository with a warning and an empty index', async () => {
    const repo = TestRepo.init();
    try {
      const diagnostics = new Diagnostics();
      const git = must(await openRepo(repo.root, { diagnostics }));
      expect(git.head).toBeNull();
      const index = must(await buildHistoryIndex(git, { diagnostics }));
      expect(index.commits.size).toBe(0);
      expect(index.lastChange('README.md')).toBeNull();
      expect(diagnostics.items.map((d) => [d.code, d.severity])).toEqual([['W_GIT_EMPTY_REPO', 'warning']]);
    } finally {
      repo.cleanup();
    }
  });

  it('survives missing blobs by downgrading rename detection with one warning', async () => {
    const repo = TestRepo.init();
    try {
      const text = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
      repo.write('big.txt', text + '\n');
      repo.write('other.md', 'x\n');
      repo.commit('add big');
      const oldBlob = repo.git('rev-parse', 'HEAD:big.txt').trim();
      repo.remove('big.txt');
      repo.write('moved.txt', text + '\nchanged\n');
      repo.commit('move and edit big');
      repo.write('other.md', 'y\n');
      repo.commit('edit other');
      // A public snapshot without the file's old content.
      repo.remove(join('.git', 'objects', oldBlob.slice(0, 2), oldBlob.slice(2)));
      expect(() => repo.git('log', '-M', '--name-status')).toThrow(/unable to read/);

      const diagnostics = new Diagnostics();
      const git = must(await openRepo(repo.root));
      const index = must(await buildHistoryIndex(git, { diagnostics }));
      expect(diagnostics.items.map((d) => d.code)).toEqual(['W_RENAME_DETECTION_DEGRADED']);
      expect(index.renameDetection).toBe('exact');
      for (const path of ['moved.txt', 'other.md']) expect(index.lastChange(path)?.sha).toBe(gitLast(repo, path)[0]);
      expect(index.commits.size).toBe(3);
    } finally {
      repo.cleanup();
    }
  });

  it('does not warn about a valid message that contains U+FFFD as written', async () => {
    const repo = TestRepo.init();
    try {
      repo.write('a.md', 'a\n').commit('Show \uFFFD where bytes were lost');
      const diagnostics = new Diagnostics();
      const index = must(await buildHistoryIndex(must(await openRepo(repo.root)), { diagnostics }));
      expect(index.lastChange('a.md')?.subject).toBe('Show \uFFFD where bytes were lost');
      expect(diagnostics.items).toEqual([]);
    } finally {
      repo.cleanup();
    }
  });

  it('decodes a commit message with invalid UTF-8 using replacement characters and warns', async () => {
    const repo = TestRepo.init();
    try {
      repo.write('a.md', 'a\n').commit('ok');
      repo.write('a.md', 'b\n');
      repo.git('add', '-A');
      // `git commit` repairs invalid UTF-8 itself, so write the commit object by hand.
      const tree = repo.git('write-tree').trim();
      const object = Buffer.concat([
        Buffer.from(`tree ${tree}\nparent ${repo.head()}\nauthor A <a@x> 1700000000 +0000\ncommitter A <a@x> 1700000000 +0000\n\nBad `),
        Buffer.from([0xff, 0xfe, 0x0a]),
      ]);
      const sha = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: repo.root, env: isolatedGitEnv(), input: object }).toString().trim();
      repo.git('update-ref', 'HEAD', sha);
      const diagnostics = new Diagnostics();
      const index = must(await buildHistoryIndex(must(await openRepo(repo.root)), { diagnostics }));
      expect(index.lastChange('a.md')?.subject).toBe('Bad \uFFFD\uFFFD');
      expect(diagnostics.items.map((d) => d.code)).toEqual(['W_GIT_MESSAGE_ENCODING']);
    } finally {
      repo.cleanup();
    }
  });
});
