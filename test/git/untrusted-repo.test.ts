// Trust nothing the repository brings (issue 16, audit D7/D8; catalogue G1, G2, G3, G7, G16,
// G19). Each hostile setting is first shown to work against plain git (the trap is real), then
// livewiki runs on the same repository and the canary file must not exist.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { openRepo, readStatus } from '../../src/git/repo.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build } from '../../src/pipeline/run.ts';
import { deepenIfShallow } from '../../src/snapshot/deepen.ts';
import { isolatedGitEnv, TestRepo } from '../helpers/git-repo.ts';
import { startGitHttpsServer } from '../helpers/git-https.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

const execFileAsync = promisify(execFile);

function repo(): TestRepo {
  const r = TestRepo.init();
  removeAfterFile(r.root);
  return r;
}

async function buildRepo(root: string) {
  const out = join(tempDir(), 'site');
  const config = await loadConfig({ cwd: root, out, cache: false });
  const result = await build(config);
  const wiki = existsSync(join(out, 'livewiki.json')) ? (JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson) : null;
  return { result, wiki, out };
}

/** Plain git in `cwd`, as a user or another tool would run it (isolated from this machine's config). */
function plainGit(cwd: string, ...args: string[]): void {
  try {
    execFileSync('git', args, { cwd, env: isolatedGitEnv(), stdio: 'ignore', timeout: 30_000 });
  } catch {
    // Most traps make git fail after the command ran; the canary tells.
  }
}

/** An origin with three commits and a `--depth 1` clone of it (cloned over file://, by the test's own git). */
function shallowClone(): { origin: TestRepo; clone: string } {
  const origin = repo();
  origin.write('README.md', '# R\n').commit('one');
  origin.write('a.md', '# A\n').commit('two');
  origin.write('b.md', '# B\n').commit('three');
  const clone = join(tempDir(), 'clone');
  execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin.root}`, clone], { env: isolatedGitEnv() });
  return { origin, clone };
}

async function deepen(clone: string) {
  const diagnostics = new Diagnostics();
  const opened = await openRepo(clone);
  if (!opened.ok) throw new Error(opened.error.message);
  expect(opened.value.isShallow).toBe(true);
  const result = await deepenIfShallow(opened.value, 'clone', diagnostics);
  return { result, codes: diagnostics.items.map((d) => d.code), messages: diagnostics.items.map((d) => d.message) };
}

describe('repository config that runs commands (D8, G3)', () => {
  it('runs no filter driver (clean or process) of the repository config when reading the working tree status', async () => {
    const r = repo();
    const canary = join(tempDir(), 'pwned');
    r.write('.gitattributes', '*.md filter=evil diff=evil merge=evil\n*.txt filter=proc\n');
    r.write('README.md', '# A\n\nText.\n').write('notes.txt', 'n\n').commit('init');
    r.git('config', 'filter.evil.clean', `sh -c "touch ${canary}-clean; cat"`);
    r.git('config', 'filter.evil.smudge', `sh -c "touch ${canary}-smudge; cat"`);
    r.git('config', 'filter.evil.required', 'true');
    r.git('config', 'filter.proc.process', `sh -c "touch ${canary}-process"`);
    r.git('config', 'diff.evil.textconv', `sh -c "touch ${canary}-textconv; cat"`);
    // A changed mtime makes git hash the file again, through its filter.
    const touch = () => {
      r.write('README.md', '# A\n\nText.\n').write('notes.txt', 'n\n');
      execFileSync('touch', ['-d', '2030-01-01', join(r.root, 'README.md'), join(r.root, 'notes.txt')]);
    };
    touch();
    plainGit(r.root, 'status');
    expect(existsSync(`${canary}-clean`) || existsSync(`${canary}-process`)).toBe(true);
    for (const s of ['clean', 'smudge', 'process', 'textconv']) rmSync(`${canary}-${s}`, { force: true });

    touch();
    const opened = await openRepo(r.root);
    if (!opened.ok) throw new Error(opened.error.message);
    const status = await readStatus(opened.value);
    expect(status.ok && status.value.modified).toEqual([]);
    touch();
    const { result, wiki } = await buildRepo(r.root);
    expect(result.published).toBe(true);
    for (const s of ['clean', 'smudge', 'process', 'textconv']) expect(existsSync(`${canary}-${s}`), s).toBe(false);
    // The file is read as committed, not marked as changed because its filter was refused.
    const page = wiki!.pages.find((p) => p.sources[0]?.path === 'README.md')!;
    expect(page.provenance).toMatchObject({ status: 'known', subject: 'init' });
  });

  it('never uses an embedded bare repository or its config (G3)', async () => {
    const r = repo();
    const canary = join(tempDir(), 'pwned-bare');
    // A bare repository committed as content, whose config runs a command (justinsteven's vector).
    r.write('docs/evil/HEAD', 'ref: refs/heads/main\n');
    r.write('docs/evil/config', `[core]\n\tbare = false\n\tworktree = ../wt\n\tfsmonitor = touch ${canary}\n`);
    r.write('docs/evil/objects/.keep', '').write('docs/evil/refs/heads/.keep', '').write('docs/wt/page.md', '# Inside\n');
    r.write('README.md', '# Top\n').commit('init');
    execFileSync('git', ['--work-tree=../wt', 'status'], { cwd: join(r.root, 'docs/evil'), env: isolatedGitEnv(), stdio: 'ignore' });
    expect(existsSync(canary)).toBe(true);
    rmSync(canary);

    const { result, wiki } = await buildRepo(r.root);
    expect(result.published).toBe(true);
    expect(existsSync(canary)).toBe(false);
    expect(wiki!.pages.find((p) => p.sources[0]?.path === 'docs/wt/page.md')!.provenance).toMatchObject({ status: 'known', subject: 'init' });
  });
});

describe('--deepen fetches over https and ssh only (D8, G2)', () => {
  const traps: [string, (clone: string, canary: string) => void][] = [
    [
      'remote.origin.uploadpack over file://',
      (clone, canary) => {
        plainGit(clone, 'config', 'protocol.file.allow', 'always');
        plainGit(clone, 'config', 'remote.origin.uploadpack', `sh -c "touch ${canary}; exec git-upload-pack \\"\\$@\\"" --`);
      },
    ],
    [
      'an ext:: origin',
      (clone, canary) => {
        plainGit(clone, 'config', 'remote.origin.url', `ext::sh -c touch% ${canary}`);
        plainGit(clone, 'config', 'protocol.ext.allow', 'always');
      },
    ],
    [
      'a remote helper named by remote.origin.vcs',
      (clone, canary) => {
        plainGit(clone, 'config', 'remote.origin.vcs', 'ext');
        plainGit(clone, 'config', 'remote.origin.url', `sh -c touch% ${canary}`);
        plainGit(clone, 'config', 'protocol.ext.allow', 'always');
      },
    ],
    [
      'an https origin rewritten to ext:: by url.insteadOf',
      (clone, canary) => {
        plainGit(clone, 'config', 'remote.origin.url', 'https://example.invalid/r.git');
        plainGit(clone, 'config', `url.ext::sh -c touch% ${canary} #.insteadOf`, 'https://example.invalid/');
        plainGit(clone, 'config', 'protocol.ext.allow', 'always');
      },
    ],
    [
      'an ssh origin with core.sshCommand',
      (clone, canary) => {
        plainGit(clone, 'config', 'remote.origin.url', 'ssh://127.0.0.1:9/r.git');
        plainGit(clone, 'config', 'core.sshCommand', `sh -c "touch ${canary}" --`);
      },
    ],
  ];

  it.each(traps)('refuses %s: warning, no command run', async (_name, arm) => {
    const { clone } = shallowClone();
    const canary = join(tempDir(), 'pwned');
    arm(clone, canary);
    const { result, codes } = await deepen(clone);
    expect(existsSync(canary)).toBe(false);
    expect(result).toBeNull();
    expect(codes).toContain('W_DEEPEN_FAILED');
    // The trap is real: plain git runs the command.
    plainGit(clone, 'fetch', '--unshallow', 'origin');
    expect(existsSync(canary)).toBe(true);
  });

  it.each(['fd::0', `file:///nonexistent/r.git`, '/srv/git/r.git', '--upload-pack=touch x', 'http://example.invalid/r.git'])('names the transport it refuses for origin %s', async (url) => {
    const { clone } = shallowClone();
    plainGit(clone, 'config', 'remote.origin.url', url);
    const { result, codes, messages } = await deepen(clone);
    expect(result).toBeNull();
    expect(codes).toEqual(['W_DEEPEN_FAILED']);
    expect(messages[0]).toMatch(/not an https or ssh URL/);
  });

  it('runs no credential helper of the repository config when the https origin asks for a password', async () => {
    const { origin } = shallowClone();
    const server = await startGitHttpsServer(dirname(origin.root), { requireAuth: true });
    try {
      const clone = join(tempDir(), 'private');
      await execFileAsync('git', ['clone', '-q', '--depth', '1', `file://${origin.root}`, clone], { env: isolatedGitEnv() });
      const canary = join(tempDir(), 'pwned-credential');
      const url = server.url(basename(origin.root));
      plainGit(clone, 'config', 'remote.origin.url', url);
      plainGit(clone, 'config', 'http.sslCAInfo', server.caFile);
      plainGit(clone, 'config', `credential.${new URL(url).origin}.helper`, `!touch ${canary}; true`);
      const { result, codes } = await deepen(clone);
      expect(result).toBeNull();
      expect(codes).toContain('W_DEEPEN_FAILED');
      expect(server.hits).toBeGreaterThan(0);
      expect(existsSync(canary)).toBe(false);
      await execFileAsync('git', ['fetch', '--unshallow', 'origin'], { cwd: clone, env: isolatedGitEnv() }).catch(() => {});
      expect(existsSync(canary)).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('option injection through paths, refs and URLs (G1)', () => {
  // CVE-2022-24433, -24066, -25912, -25860 and friends: values that git would read as options.
  const payloads = (canary: string) => [`--upload-pack=touch ${canary}`, `-u touch ${canary}`, `-vu touch ${canary}`, '--config=protocol.ext.allow=always', '-c', 'PROTOCOL.ALLOW=always'];

  it('builds a repository in a folder named like an option, and on a branch named like one; nothing runs', async () => {
    const canaryDir = tempDir();
    const canary = join(canaryDir, 'pwned');
    for (const payload of payloads(canary)) {
      const parent = tempDir();
      const root = join(parent, payload.replace(/\//g, '∕'));
      mkdirSync(root);
      const r = new TestRepo(root);
      r.git('init', '-q', '-b', 'main');
      r.write('README.md', '# R\n').commit('init');
      // HEAD on a branch named like the payload, where git accepts the name.
      const branch = `refs/heads/${payload.replace(/\s/g, '_').replace(/\//g, '-')}`;
      const valid = (() => {
        try {
          execFileSync('git', ['check-ref-format', branch], { env: isolatedGitEnv() });
          return true;
        } catch {
          return false;
        }
      })();
      if (valid) {
        r.git('update-ref', branch, 'HEAD');
        r.git('symbolic-ref', 'HEAD', branch);
      }
      const { result, wiki, out } = await buildRepo(root);
      expect(result.published, payload).toBe(true);
      expect(wiki!.pages.some((p) => p.sources[0]?.path === 'README.md'), payload).toBe(true);
      if (valid) expect(readFileSync(join(out, 'livewiki.json'), 'utf8')).not.toContain(branch.slice('refs/heads/'.length));
    }
    expect(existsSync(canary)).toBe(false);
  });

  it('rejects every payload as a pinned commit and as an origin to deepen from', async () => {
    const canary = join(tempDir(), 'pwned');
    const { clone } = shallowClone();
    for (const payload of payloads(canary)) {
      await expect(openRepo(clone, { pin: payload })).rejects.toThrow(/not a full commit sha/);
      plainGit(clone, 'config', 'remote.origin.url', payload);
      const { result, codes } = await deepen(clone);
      expect(result, payload).toBeNull();
      expect(codes, payload).toEqual(['W_DEEPEN_FAILED']);
    }
    expect(existsSync(canary)).toBe(false);
  });
});

describe('checkouts as CI and people make them (G7, G16, G19)', () => {
  const isRoot = process.getuid?.() === 0;

  it.skipIf(!isRoot)('honours safe.directory from the global git config, and only then (G7, D7)', async () => {
    const r = repo();
    const head = r.write('README.md', '# R\n').commit('init');
    execFileSync('chown', ['-R', 'nobody', r.root]);
    const home = tempDir('livewiki-home-');
    const env = { HOME: home, PATH: process.env.PATH };

    const refused = await openRepo(r.root, { userEnv: env });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('E_GIT_DUBIOUS_OWNERSHIP');
    // The hint says what works with livewiki: the global config's safe.directory.
    expect(refused.error.hint).toContain(`git config --global --add safe.directory ${r.root}`);

    // What actions/checkout does in a container job (written without the isolated environment:
    // GIT_CONFIG_GLOBAL=/dev/null must never be exported while writing the global config).
    execFileSync('git', ['config', '--global', '--add', 'safe.directory', r.root], { env: { HOME: home, PATH: process.env.PATH } });
    const canary = join(tempDir(), 'pwned');
    // Other keys of the global config are still ignored.
    writeFileSync(join(home, '.gitconfig'), `${readFileSync(join(home, '.gitconfig'), 'utf8')}[core]\n\tfsmonitor = touch ${canary}\n\tpager = touch ${canary}\n`);
    const trusted = await openRepo(r.root, { userEnv: env });
    expect(trusted.ok).toBe(true);
    if (!trusted.ok) return;
    expect(trusted.value.head).toBe(head);
    const status = await readStatus(trusted.value);
    expect(status.ok).toBe(true);
    expect(existsSync(canary)).toBe(false);

    // Another directory is not trusted by that entry.
    const other = repo();
    other.write('README.md', '# O\n').commit('init');
    execFileSync('chown', ['-R', 'nobody', other.root]);
    const stillRefused = await openRepo(other.root, { userEnv: env });
    expect(!stillRefused.ok && stillRefused.error.code).toBe('E_GIT_DUBIOUS_OWNERSHIP');
  });

  it('builds while another git process holds index.lock (G19)', async () => {
    const r = repo();
    r.write('README.md', '# R\n').write('docs/a.md', '# A\n').commit('init');
    r.write('docs/a.md', '# A\n\nChanged locally.\n');
    writeFileSync(join(r.root, '.git', 'index.lock'), '');
    const { result, wiki } = await buildRepo(r.root);
    expect(result.published).toBe(true);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(wiki!.pages.find((p) => p.sources[0]?.path === 'docs/a.md')!.provenance!.status).toBe('uncommitted');
    // Read-only: the other process's lock is left alone.
    expect(existsSync(join(r.root, '.git', 'index.lock'))).toBe(true);
  });

  it('builds a linked worktree (.git is a file) like its main checkout (G16)', async () => {
    const r = repo();
    r.write('README.md', '# R\n').commit('init');
    r.git('branch', 'feature');
    const wt = join(tempDir(), 'wt');
    r.git('worktree', 'add', '-q', wt, 'feature');
    const w = new TestRepo(wt);
    w.write('docs/feature.md', '# Feature\n').commit('Add the feature doc');
    expect(readFileSync(join(wt, '.git'), 'utf8')).toMatch(/^gitdir: /);
    const { result, wiki } = await buildRepo(wt);
    expect(result.published).toBe(true);
    expect(wiki!.repos[0]!.head).toBe(w.head());
    expect(wiki!.pages.find((p) => p.sources[0]?.path === 'docs/feature.md')!.provenance).toMatchObject({ status: 'known', subject: 'Add the feature doc' });
  });

  it('publishes every tracked file of a sparse checkout from git, none marked uncommitted (G16)', async () => {
    const r = repo();
    r.write('README.md', '# R\n').write('docs/in.md', '# In\n').write('other/out.md', '# Out\n').commit('init');
    r.git('sparse-checkout', 'set', 'docs');
    expect(existsSync(join(r.root, 'other/out.md'))).toBe(false);
    const { result, wiki } = await buildRepo(r.root);
    expect(result.published).toBe(true);
    for (const path of ['README.md', 'docs/in.md', 'other/out.md']) {
      expect(wiki!.pages.find((p) => p.sources[0]?.path === path)?.provenance, path).toMatchObject({ status: 'known', subject: 'init' });
    }
  });

  it('leaves a nested repository out and never runs its config (G16)', async () => {
    const r = repo();
    const canary = join(tempDir(), 'pwned-nested');
    r.write('README.md', '# R\n').write('.gitignore', 'vendor/\n').commit('init');
    mkdirSync(join(r.root, 'vendor', 'inner'), { recursive: true });
    const inner = new TestRepo(join(r.root, 'vendor', 'inner'));
    inner.git('init', '-q', '-b', 'main');
    inner.write('doc.md', '# Inner doc\n').commit('inner');
    inner.git('config', 'core.fsmonitor', `touch ${canary}`);
    const { result, wiki } = await buildRepo(r.root);
    expect(result.published).toBe(true);
    expect(wiki!.pages.some((p) => p.sources[0]?.path.startsWith('vendor/'))).toBe(false);
    expect(existsSync(canary)).toBe(false);
  });
});
