// Never wrong, at worst unknown: shallow clones, uncommitted files, empty repositories, odd
// file names, submodules, missing git. Each gives a clear message and loses nothing else.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build } from '../../src/pipeline/run.ts';
import { filesContaining } from '../helpers/files.ts';
import { isolatedGitEnv, TestRepo } from '../helpers/git-repo.ts';
import { startGitHttpsServer } from '../helpers/git-https.ts';

const execFileAsync = promisify(execFile);
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'livewiki-edge-'));
  temps.push(d);
  return d;
}

async function buildRepo(root: string, extra: Partial<Awaited<ReturnType<typeof loadConfig>>> = {}) {
  const out = join(tempDir(), 'site');
  const config = await loadConfig({ cwd: root, out });
  const result = await build({ ...config, ...extra });
  const wiki = existsSync(join(out, 'livewiki.json')) ? (JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson) : null;
  return { result, wiki, out };
}

function threeCommitRepo(): TestRepo {
  const repo = TestRepo.init();
  temps.push(repo.root);
  repo.write('README.md', '# Shallow\n\nIntro.\n\n## Old\n\nOld text.\n').write('docs/old.md', '# Old doc\n\nNever changed.\n');
  repo.commit('First');
  repo.write('docs/mid.md', '# Mid doc\n\nMiddle.\n');
  repo.commit('Second');
  repo.write('docs/new.md', '# New doc\n\nNewest.\n').write('README.md', '# Shallow\n\nIntro.\n\n## Old\n\nOld text.\n\n## New\n\nNew text.\n');
  repo.commit('Third: add the new doc');
  return repo;
}

describe('never wrong, at worst unknown', () => {
  it('never shows the shallow boundary commit as a change, and warns once with the fix', async () => {
    const origin = threeCommitRepo();
    const clone = join(tempDir(), 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin.root}`, clone], { env: isolatedGitEnv() });
    const boundary = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: clone, encoding: 'utf8' }).trim();
    const { result, wiki } = await buildRepo(clone);
    expect(result.published).toBe(true);
    const shallowWarnings = result.diagnostics.filter((d) => d.code === 'W_GIT_SHALLOW');
    expect(shallowWarnings).toHaveLength(1);
    expect(shallowWarnings[0]!.hint).toMatch(/fetch-depth: 0/);
    expect(wiki!.repos[0]!.shallow).toBe(true);
    // A page without a source of its own (the home page, a folder without a README) answers for
    // what is below it through its scope.
    const all = wiki!.pages.flatMap((p) => [p.sources.length > 0 ? p.provenance! : p.scope!.provenance, ...(p.scope ? [p.scope.provenance] : []), ...p.sections.map((s) => s.provenance!)]);
    expect(all.length).toBeGreaterThan(3);
    for (const prov of all) {
      expect(prov.commit).not.toBe(boundary);
      expect(prov.status).toBe('unknown');
      expect(prov.reason).toMatch(/shallow/);
    }
    for (const p of wiki!.pages) expect([...p.history!, ...(p.scope?.history ?? [])].map((h) => h.commit)).not.toContain(boundary);
  });

  it('fetches the missing history with --deepen and then knows every change', async () => {
    const origin = threeCommitRepo();
    // --deepen fetches over https or ssh only (catalogue G2): a real smart-HTTP server over TLS.
    const server = await startGitHttpsServer(dirname(origin.root));
    const clone = join(tempDir(), 'clone');
    try {
      // Asynchronously: the server answers from this process's event loop.
      await execFileAsync('git', ['-c', `http.sslCAInfo=${server.caFile}`, 'clone', '-q', '--depth', '1', server.url(basename(origin.root)), clone], { env: isolatedGitEnv() });
      execFileSync('git', ['config', 'http.sslCAInfo', server.caFile], { cwd: clone, env: isolatedGitEnv() });
    } catch (error) {
      await server.close();
      throw error;
    }
    const { result, wiki } = await buildRepo(clone, { deepen: true }).finally(() => server.close());
    expect(result.diagnostics.map((d) => d.code)).toContain('I_DEEPENED');
    expect(result.diagnostics.map((d) => d.code)).not.toContain('W_GIT_SHALLOW');
    expect(wiki!.repos[0]!.shallow).toBe(false);
    const oldDoc = wiki!.pages.find((p) => p.sources[0]?.path === 'docs/old.md')!;
    expect(oldDoc.provenance).toMatchObject({ status: 'known', subject: 'First' });
  });

  it('keeps exact provenance for files changed after the shallow boundary', async () => {
    const origin = threeCommitRepo();
    const clone = join(tempDir(), 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '2', `file://${origin.root}`, clone], { env: isolatedGitEnv() });
    const { wiki } = await buildRepo(clone);
    const newDoc = wiki!.pages.find((p) => p.sources[0]?.path === 'docs/new.md')!;
    expect(newDoc.provenance).toMatchObject({ status: 'known', commit: origin.head(), subject: 'Third: add the new doc' });
    const oldDoc = wiki!.pages.find((p) => p.sources[0]?.path === 'docs/old.md')!;
    expect(oldDoc.provenance!.status).toBe('unknown');
    const readme = wiki!.pages.find((p) => p.sources[0]?.path === 'README.md')!;
    expect(readme.sections.find((s) => s.key === 'New')!.provenance!.status).toBe('known');
    expect(readme.sections.find((s) => s.key === 'Old')!.provenance!.status).toBe('unknown');
  });

  it('marks tracked files with uncommitted changes as uncommitted and leaves untracked files out', async () => {
    const repo = threeCommitRepo();
    repo.write('docs/mid.md', '# Mid doc\n\nEdited locally.\n');
    repo.write('docs/draft.md', '# Draft\n\nSECRET-DRAFT-TEXT\n');
    repo.write('docs/staged.md', '# Staged\n\nStaged only.\n');
    repo.git('add', 'docs/staged.md');
    const { result, wiki, out } = await buildRepo(repo.root);
    const mid = wiki!.pages.find((p) => p.sources[0]?.path === 'docs/mid.md')!;
    expect(mid.provenance).toMatchObject({ status: 'uncommitted', commit: null });
    expect(readFileSync(join(out, wiki!.repos[0]!.id, 'docs/mid/index.html'), 'utf8')).toContain('Edited locally.');
    const staged = wiki!.pages.find((p) => p.sources[0]?.path === 'docs/staged.md')!;
    expect(staged.provenance!.status).toBe('uncommitted');
    expect(wiki!.pages.some((p) => p.sources[0]?.path === 'docs/draft.md')).toBe(false);
    expect(JSON.stringify(wiki)).not.toContain('SECRET-DRAFT-TEXT');
    expect(result.diagnostics.some((d) => d.code === 'I_UNTRACKED_SKIPPED')).toBe(true);
  });

  it('builds an empty repository with a warning instead of failing', async () => {
    const repo = TestRepo.init();
    temps.push(repo.root);
    const { result, wiki } = await buildRepo(repo.root);
    expect(result.published).toBe(true);
    expect(result.diagnostics.some((d) => d.code === 'W_GIT_EMPTY_REPO')).toBe(true);
    expect(wiki!.repos[0]!.head).toBeNull();
  });

  it('builds a detached HEAD at that commit', async () => {
    const repo = threeCommitRepo();
    const second = repo.git('rev-parse', 'HEAD~1').trim();
    repo.git('checkout', '-q', '--detach', second);
    const { wiki } = await buildRepo(repo.root);
    expect(wiki!.repos[0]!.head).toBe(second);
    expect(wiki!.pages.some((p) => p.sources[0]?.path === 'docs/new.md')).toBe(false);
  });

  it('publishes documents with spaces, quotes and non-ASCII in their names, each with its own history', async () => {
    const repo = TestRepo.init();
    temps.push(repo.root);
    const names = ['docs/with space.md', 'docs/quote"d.md', "docs/it's.md", 'docs/日本語.md', 'docs/-dash.md'];
    for (const n of names) repo.write(n, `# ${n}\n\nBody of ${n}.\n`);
    const sha = repo.commit('Odd names');
    const { result, wiki } = await buildRepo(repo.root);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const n of names) {
      const p = wiki!.pages.find((x) => x.sources[0]?.path === n);
      expect(p, n).toBeDefined();
      expect(p!.provenance!.commit).toBe(sha);
    }
  });

  it('skips a submodule with a note and documents the rest', async () => {
    const sub = TestRepo.init();
    temps.push(sub.root);
    sub.write('README.md', '# Sub\n').commit('sub');
    const repo = TestRepo.init();
    temps.push(repo.root);
    repo.write('README.md', '# Main\n\nHello.\n').commit('main');
    repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.root, 'vendor/sub');
    repo.commit('Add submodule');
    const { result, wiki } = await buildRepo(repo.root);
    expect(result.published).toBe(true);
    expect(result.diagnostics.some((d) => d.code === 'I_GIT_SUBMODULE_SKIPPED' && d.file === 'vendor/sub')).toBe(true);
    expect(wiki!.pages.some((p) => p.sources.some((s) => s.path.startsWith('vendor/sub')))).toBe(false);
  });

  it('does not follow a tracked symlink that points outside the repository', async () => {
    const outside = tempDir();
    writeFileSync(join(outside, 'secret.md'), '# Outside\n\nOUTSIDE-SENTINEL\n');
    const repo = TestRepo.init();
    temps.push(repo.root);
    repo.write('README.md', '# Main\n\nSee [the link](docs/link.md).\n');
    execFileSync('mkdir', ['-p', join(repo.root, 'docs')]);
    execFileSync('ln', ['-s', join(outside, 'secret.md'), join(repo.root, 'docs/link.md')]);
    repo.commit('Add a symlink');
    const { wiki, out } = await buildRepo(repo.root);
    expect(wiki).not.toBeNull();
    expect(filesContaining(out, 'OUTSIDE-SENTINEL')).toEqual([]);
  });
});
