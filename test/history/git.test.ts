import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolatedGitEnv, TestRepo } from '../helpers/git-repo.ts';
import { RecordSplitter, runGitText, streamGitRecords } from '../../src/git/run.ts';
import { listTrackedFiles, openRepo, originUrl, readBlobs, readFileAt, readStatus } from '../../src/git/repo.ts';
import { buildHistoryIndex } from '../../src/history/log.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe('git wrapper', () => {
  const repo = TestRepo.init();
  beforeAll(() => {
    repo.write('a.md', 'a\n').commit('first');
    repo.write('a.md', 'b\n').commit('second');
  });
  afterAll(() => repo.cleanup());

  it('keeps CI secrets and other process variables out of git', async () => {
    const saved = { ...process.env };
    process.env.GITHUB_TOKEN = 'ghp_fakeTokenThatMustNotLeak000000000000';
    process.env.EDITOR = 'leaky-editor';
    process.env.GIT_AUTHOR_NAME = 'Leaky Author';
    try {
      // A shell alias prints the environment git hands to its children.
      const env = must(await runGitText({ root: repo.root }, ['-c', 'alias.envdump=!env', 'envdump']));
      expect(env).not.toContain('ghp_fake');
      expect(env).not.toContain('leaky-editor');
      expect(env).not.toContain('Leaky Author');
      expect(env).toContain('LC_ALL=C');
      expect(env).toContain('GIT_CONFIG_GLOBAL=/dev/null');
      const editor = await runGitText({ root: repo.root }, ['var', 'GIT_EDITOR']);
      expect(!editor.ok && editor.error.stderr).toContain('EDITOR unset');
    } finally {
      for (const k of ['GITHUB_TOKEN', 'EDITOR', 'GIT_AUTHOR_NAME']) if (!(k in saved)) delete process.env[k];
    }
  });

  it('ignores hostile repository and global config: same output, no code run', async () => {
    const hostile = TestRepo.init();
    const home = mkdtempSync(join(tmpdir(), 'livewiki-home-'));
    const canary = join(home, 'pwned');
    const savedHome = process.env.HOME;
    try {
      hostile.write('doc.md', 'x\n').commit({ message: 'Add doc (#3)' });
      const clean = must(await buildHistoryIndex(must(await openRepo(hostile.root))));
      hostile.git('config', 'core.fsmonitor', `touch ${canary}`);
      hostile.git('config', 'log.showSignature', 'true');
      hostile.git('config', 'color.ui', 'always');
      hostile.git('config', 'core.pager', `touch ${canary}`);
      writeFileSync(join(home, '.gitconfig'), `[core]\n\tfsmonitor = touch ${canary}\n[log]\n\tshowSignature = true\n[format]\n\tpretty = oneline\n[color]\n\tui = always\n`);
      // The trap works against plain git: that is what makes this test meaningful.
      execFileSync('git', ['status'], { cwd: hostile.root, env: isolatedGitEnv() });
      expect(existsSync(canary)).toBe(true);
      rmSync(canary);

      process.env.HOME = home;
      const git = must(await openRepo(hostile.root));
      const index = must(await buildHistoryIndex(git));
      must(await readStatus(git));
      must(await listTrackedFiles(git));
      expect(existsSync(canary)).toBe(false);
      expect(JSON.stringify([...index.commits.values()])).toBe(JSON.stringify([...clean.commits.values()]));
      expect(index.lastChange('doc.md')?.refs.pulls.map((p) => p.number)).toEqual([3]);
    } finally {
      process.env.HOME = savedHome;
      hostile.cleanup();
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('reports git missing, not a repository and timeouts as typed errors', async () => {
    const missing = await openRepo(repo.root, { path: '/nonexistent-bin' });
    expect(!missing.ok && missing.error.code).toBe('E_GIT_MISSING');
    const dir = mkdtempSync(join(tmpdir(), 'livewiki-norepo-'));
    try {
      const notRepo = await openRepo(dir);
      expect(!notRepo.ok && notRepo.error.code).toBe('E_NOT_A_REPO');
      expect(!notRepo.ok && notRepo.error.hint).toMatch(/git checkout/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // A git command that surely outlives the timeout (a bare `git log` can finish within 1 ms);
    // `exec` with redirects leaves no process holding git's pipes once git is killed.
    const slow = await runGitText({ root: repo.root }, ['-c', 'alias.slowlog=!exec sleep 5 >/dev/null 2>&1', 'slowlog'], { timeoutMs: 50 });
    expect(!slow.ok && slow.error.code).toBe('E_GIT_TIMEOUT');
    expect(!slow.ok && slow.error.message).toContain('slowlog timed out after 50 ms');
  });

  it('splits NUL-separated records across chunk boundaries and streams them', async () => {
    const got: string[] = [];
    const splitter = new RecordSplitter(0);
    const data = Buffer.from('ab\0c\0\0defg\0tail');
    for (let i = 0; i < data.length; i += 3) splitter.push(data.subarray(i, i + 3), (b, s, e) => got.push(b.toString('utf8', s, e)));
    expect(got).toEqual(['ab', 'c', '', 'defg']);
    expect(splitter.end()?.toString()).toBe('tail');
    const records: string[] = [];
    for await (const r of streamGitRecords({ root: repo.root }, ['log', '-z', '--format=%s'])) records.push(r.toString());
    expect(records).toEqual(['second', 'first']);
  });
});

describe('repository reading', () => {
  const repo = TestRepo.init();
  const sub = TestRepo.init();
  beforeAll(() => {
    sub.write('x', 'x\n').commit('sub');
    repo.write('-dash.md', 'dash\n');
    repo.write('new\nline.md', 'newline\n');
    repo.write('docs/ä b.md', 'umlaut\n');
    repo.write('keep.md', 'keep\n');
    repo.commit('files');
    repo.git('update-index', '--add', '--cacheinfo', `160000,${sub.head()},vendor/lib`);
    const id = { GIT_AUTHOR_NAME: 'A', GIT_AUTHOR_EMAIL: 'a@x', GIT_COMMITTER_NAME: 'A', GIT_COMMITTER_EMAIL: 'a@x' };
    repo.gitEnv(id, 'commit', '-q', '-m', 'add submodule'); // not commit(): `add -A` would drop the gitlink
    repo.git('remote', 'add', 'origin', 'https://ci-user:ghp_secret@github.com/acme/repo.git');
    repo.write('keep.md', 'dirty\n');
    repo.write('untracked.md', 'u\n');
    mkdirSync(join(repo.root, 'empty-dir'));
  });
  afterAll(() => {
    repo.cleanup();
    sub.cleanup();
  });

  it('lists tracked files with odd names, submodules separately with an info note', async () => {
    const diagnostics = new Diagnostics();
    const git = must(await openRepo(repo.root));
    const files = must(await listTrackedFiles(git, diagnostics, 'main'));
    expect(files.files.map((f) => f.path).sort()).toEqual(['-dash.md', 'docs/ä b.md', 'keep.md', 'new\nline.md']);
    expect(files.submodules.map((f) => f.path)).toEqual(['vendor/lib']);
    expect(diagnostics.items.map((d) => [d.code, d.severity, d.file])).toEqual([['I_GIT_SUBMODULE_SKIPPED', 'info', 'vendor/lib']]);
  });

  it('reads committed content from git, not from the working tree', async () => {
    const git = must(await openRepo(repo.root));
    expect(must(await readFileAt(git, git.head!, 'keep.md'))?.toString()).toBe('keep\n');
    expect(must(await readFileAt(git, git.head!, '-dash.md'))?.toString()).toBe('dash\n');
    expect(must(await readFileAt(git, git.head!, 'new\nline.md'))?.toString()).toBe('newline\n');
    expect(must(await readFileAt(git, git.head!, 'nope.md'))).toBeNull();
    const files = must(await listTrackedFiles(git)).files;
    const blobs = must(await readBlobs(git, files.map((f) => f.blob)));
    expect(files.map((f) => blobs.get(f.blob)?.toString())).toEqual(files.map((f) => ({ '-dash.md': 'dash\n', 'docs/ä b.md': 'umlaut\n', 'keep.md': 'keep\n', 'new\nline.md': 'newline\n' })[f.path]));
  });

  it('reports modified and untracked files, and the origin URL without credentials', async () => {
    const git = must(await openRepo(repo.root));
    expect(must(await readStatus(git))).toEqual({ modified: ['keep.md'], untracked: ['untracked.md'] });
    expect(must(await originUrl(git))).toBe('https://github.com/acme/repo.git');
  });

  it('works on a detached HEAD and on a pinned commit', async () => {
    const first = repo.git('rev-list', '--max-parents=0', 'HEAD').trim();
    const pinned = must(await openRepo(repo.root, { pin: first }));
    expect(pinned.head).toBe(first);
    const detached = TestRepo.init();
    try {
      detached.write('a', 'a\n').commit('a');
      const sha = detached.write('a', 'b\n').commit('b');
      detached.git('checkout', '-q', '--detach', sha);
      const git = must(await openRepo(detached.root));
      expect([git.head, git.branch]).toEqual([sha, null]);
    } finally {
      detached.cleanup();
    }
    await expect(openRepo(repo.root, { pin: '--upload-pack=touch /tmp/x' })).rejects.toThrow(/not a full commit sha/);
  });
});
