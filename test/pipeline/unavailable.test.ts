// A source that fails is never published as "removed" (audit D5; RELIABILITY U4, P4, decision 8.1):
// a page whose file is still there but fails to parse keeps its URL with an error banner, and a
// repository that cannot be opened keeps its pages as "source unavailable" while the others are
// built. And each repository is built at the commit it was at when the build started (P3).
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, type ResolvedConfig } from '../../src/config/load.ts';
import type { Ledger } from '../../src/ledger/ledger.ts';
import { build } from '../../src/pipeline/run.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

const article = (file: string): string => {
  const html = readFileSync(file, 'utf8');
  return html.slice(html.indexOf('<article'), html.indexOf('</article>')).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
};
const stateOf = (out: string) => Object.fromEntries((JSON.parse(readFileSync(join(out, 'livewiki-ledger.json'), 'utf8')) as Ledger).entries.map((e) => [e.route, e.state]));

const SPEC = 'openapi: 3.1.0\ninfo: {title: Payments API, version: "1"}\npaths:\n  /pay:\n    post: {responses: {"200": {description: ok}}}\n';

describe('a source that stops parsing (D5, U4)', () => {
  it('keeps its pages with an error banner naming the file and line, never "removed" by the breaking commit', async () => {
    const repo = TestRepo.init();
    removeAfterFile(repo.root);
    repo.write('README.md', '# R\n').write('api/openapi.yaml', SPEC).commit('v1');
    const out = join(tempDir(), 'site');
    const config = async (): Promise<ResolvedConfig> => {
      const c = await loadConfig({ cwd: repo.root, out, cache: false });
      return { ...c, repos: c.repos.map((r) => ({ ...r, name: 'r' })) };
    };
    expect((await build(await config())).published).toBe(true);
    const before = stateOf(out);
    expect(before['/r/api/openapi.yaml/paths/pay/']).toBe('live');

    repo.write('api/openapi.yaml', SPEC.replace('version: "1"}', 'version: "2"'));
    repo.commit({ message: 'Bump version', author: 'Ada Breaker <ada@example.com>' });
    const broken = await build(await config());
    expect(broken.published).toBe(true);
    expect(broken.diagnostics.some((d) => d.severity === 'error' && d.file === 'api/openapi.yaml')).toBe(true);
    const states = stateOf(out);
    // Every URL of the spec (its page, its operations' page, its folder) still answers, none as a tombstone.
    for (const route of ['/r/api/openapi.yaml/', '/r/api/openapi.yaml/paths/pay/', '/r/api/']) {
      expect(states[route], route).toBe('unavailable');
      const text = article(join(out, route, 'index.html'));
      expect(text).toMatch(/Its source api\/openapi\.yaml:\d+ failed in this build/);
      expect(text).toContain('it has not been removed');
      expect(text).not.toMatch(/was removed|Removed by|Ada Breaker|Bump version/);
    }
    expect(readFileSync(join(out, 'r/api/openapi.yaml/index.html'), 'utf8')).toContain('role="alert"');

    // Fixed: the pages are live again.
    repo.write('api/openapi.yaml', SPEC.replace('"1"', '"3"')).commit('Fix the spec');
    expect((await build(await config())).published).toBe(true);
    expect(stateOf(out)).toMatchObject({ '/r/api/openapi.yaml/': 'live', '/r/api/openapi.yaml/paths/pay/': 'live', '/r/api/': 'live' });
  }, 240_000);
});

describe('one of three repositories unreachable (D5, P4)', () => {
  it('builds the others, says plainly that the folder is missing, and keeps its pages as "source unavailable" until it is back', async () => {
    const root = tempDir();
    const repos = ['alpha', 'beta', 'gamma'].map((name) => {
      mkdirSync(join(root, name));
      const r = new TestRepo(join(root, name));
      r.git('init', '-q', '-b', 'main');
      r.write('README.md', `# ${name}\n`).write('docs/guide.md', `# ${name} guide\n\n## Setup\n\nRun.\n`).commit(`${name} docs`);
      return r;
    });
    const out = join(tempDir(), 'site');
    const config = async (): Promise<ResolvedConfig> => {
      const base = await loadConfig({ cwd: root, out, cache: false });
      return { ...base, repos: repos.map((r, i) => ({ ...base.repos[0]!, path: r.root, name: ['alpha', 'beta', 'gamma'][i]! })) };
    };
    expect((await build(await config())).published).toBe(true);

    renameSync(repos[1]!.root, `${repos[1]!.root}-moved`);
    const result = await build(await config());
    expect(result.published).toBe(true);
    const missing = result.diagnostics.find((d) => d.code === 'E_REPO_MISSING');
    expect(missing?.message).toBe(`The repository folder ${repos[1]!.root} does not exist; the other repositories are built, and its pages published before answer as "source unavailable".`);
    expect(result.diagnostics.map((d) => d.message).join('\n')).not.toMatch(/rev-parse|cannot change to/);
    const states = stateOf(out);
    expect(states).toMatchObject({ '/alpha/docs/guide/': 'live', '/gamma/docs/guide/': 'live', '/beta/': 'unavailable', '/beta/docs/guide/': 'unavailable' });
    const page = readFileSync(join(out, 'beta/docs/guide/index.html'), 'utf8');
    expect(article(join(out, 'beta/docs/guide/index.html'))).toContain('Its repository beta could not be read in this build');
    expect(page).not.toMatch(/was removed|Removed by/);
    // Its section anchors still answer on the page.
    expect(page).toMatch(/<li id="setup">/);

    renameSync(`${repos[1]!.root}-moved`, repos[1]!.root);
    expect((await build(await config())).published).toBe(true);
    expect(stateOf(out)).toMatchObject({ '/beta/': 'live', '/beta/docs/guide/': 'live' });
  }, 300_000);
});

describe('the built commit (P3)', () => {
  it('is the head when the build started: commits landing mid-build are not mixed in', async () => {
    const repo = TestRepo.init();
    removeAfterFile(repo.root);
    repo.write('README.md', '# R\n\nFirst text.\n');
    const first = repo.commit('First');
    const out = join(tempDir(), 'site');
    const config = await loadConfig({ cwd: repo.root, out, cache: false });
    let second = '';
    const result = await build(config, {
      onProgress: (e) => {
        // The history is read after the snapshot pinned the head: a new commit lands right then.
        if (e.type === 'start' && e.stage === 'history' && second === '') {
          repo.write('README.md', '# R\n\nSecond text.\n').write('docs/new.md', '# New\n');
          second = repo.commit('Second');
        }
      },
    });
    expect(result.published).toBe(true);
    expect(second).not.toBe('');
    const wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as { repos: { head: string }[]; pages: { route: string; provenance?: { commit: string | null } }[] };
    expect(wiki.repos[0]!.head).toBe(first);
    expect(wiki.pages.every((p) => p.provenance?.commit !== second)).toBe(true);
    expect(wiki.pages.some((p) => p.route.endsWith('/docs/new/'))).toBe(false);
    const home = readFileSync(join(out, wiki.pages[0]!.route, 'index.html'), 'utf8');
    expect(home).toContain(first.slice(0, 12));
    expect(existsSync(join(out, 'livewiki-ledger.json'))).toBe(true);
  }, 120_000);
});
