// URLs that never break (DESIGN §4): after renames, moves and deletions, every URL published by
// an earlier build still answers, with a redirect to the content's new home or a tombstone that
// says who removed it, when and why.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { Ledger } from '../../src/ledger/ledger.ts';
import { build } from '../../src/pipeline/run.ts';
import { BROWSER_MISSING, launchBrowser, needsBrowser, serveStatic, type StaticServer, type TestBrowser } from '../helpers/browser.ts';
import { TestRepo } from '../helpers/git-repo.ts';

let repo: TestRepo;
let outRoot: string;
let out: string;
let removal: string;
let server: StaticServer;
let browser: TestBrowser;

async function buildOnce(): Promise<void> {
  const result = await build(await loadConfig({ cwd: repo.root, out }));
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.published).toBe(true);
}

const html = (route: string): string => readFileSync(join(out, route, 'index.html'), 'utf8');

beforeAll(async () => {
  repo = TestRepo.init();
  outRoot = mkdtempSync(join(tmpdir(), 'livewiki-ledger-'));
  out = join(outRoot, 'site');
  repo
    .write('README.md', '# Shop\n\nThe shop.\n\n## Returns\n\nReturn within 30 days.\n')
    .write('docs/setup.md', '# Setup\n\nHow to set up.\n\n## Install\n\nRun it.\n')
    .write('docs/legacy.md', '# Legacy\n\nOld stuff.\n');
  repo.commit('Docs');
  await buildOnce();

  repo.move('docs/setup.md', 'docs/getting-started.md');
  repo.commit('Rename setup to getting started');
  repo.remove('docs/legacy.md');
  removal = repo.commit({ author: 'Dana Doe <dana@example.com>', message: 'Remove the legacy page (#31)' });
  repo.write('README.md', '# Shop\n\nThe shop.\n');
  repo.commit('Drop the returns section');
  await buildOnce();
  server = await serveStatic(out);
  if (!BROWSER_MISSING) browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  repo.cleanup();
  rmSync(outRoot, { recursive: true, force: true });
});

describe('the URL ledger', () => {
  it('keeps the route of a renamed document answering with a redirect to its new route', () => {
    const page = html(`${repoId()}/docs/setup`);
    // Relative to /<repo>/docs/setup/, so it works under any path.
    expect(page).toContain(`http-equiv="refresh" content="0; url=../getting-started/"`);
    expect(page).toContain('data-lw-moves');
  });

  it('answers a removed document with a tombstone saying who removed it, when and why', () => {
    const page = html(`${repoId()}/docs/legacy`);
    expect(page).toContain('Legacy was removed');
    expect(page).toContain('Dana Doe');
    expect(page).toContain('Remove the legacy page (#31)');
    expect(page).toContain(removal.slice(0, 8));
  });

  it('keeps a removed section anchor resolving on its page', () => {
    expect(html(repoId())).toMatch(/id="returns"[^>]*>Returns: no longer on this page/);
  });

  it('carries every URL ever published in the ledger, with its state', () => {
    const ledger = JSON.parse(readFileSync(join(out, 'livewiki-ledger.json'), 'utf8')) as Ledger;
    const state = Object.fromEntries(ledger.entries.map((e) => [e.route, e.state]));
    expect(state).toMatchObject({
      [`/${repoId()}/docs/setup/`]: 'redirect',
      [`/${repoId()}/docs/legacy/`]: 'tombstone',
      [`/${repoId()}/docs/getting-started/`]: 'live',
    });
    expect(existsSync(join(out, 'livewiki.json'))).toBe(true);
  });

  it('sends a reader of an old link, anchor included, to the section at its new home', async (ctx) => {
    needsBrowser(ctx);
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/${repoId()}/docs/setup/#install`);
    await page.waitForURL(`${server.origin}/${repoId()}/docs/getting-started/#install`);
    expect(await page.locator('h2#install').isVisible()).toBe(true);
    await page.close();
  });
});

function repoId(): string {
  const wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as { repos: { id: string }[] };
  return wiki.repos[0]!.id;
}

describe('the URL ledger in CI', () => {
  it('carries over through the cache when the next build starts without the previous output', async () => {
    const r = TestRepo.init();
    const root = mkdtempSync(join(tmpdir(), 'livewiki-ledger-ci-'));
    try {
      r.write('docs/setup.md', '# Setup\n\n## Install\n\nRun it.\n').commit('Docs');
      const cache = join(root, 'cache');
      const first = await build(await loadConfig({ cwd: r.root, out: join(root, 'run1'), cache }));
      expect(first.published).toBe(true);
      r.move('docs/setup.md', 'docs/start.md').commit('Rename setup to start');
      // A fresh CI runner: new output folder, only the cache restored.
      const second = await build(await loadConfig({ cwd: r.root, out: join(root, 'run2'), cache }));
      expect(second.published).toBe(true);
      const id = (JSON.parse(readFileSync(join(root, 'run2', 'livewiki.json'), 'utf8')) as { repos: { id: string }[] }).repos[0]!.id;
      expect(readFileSync(join(root, 'run2', id, 'docs/setup/index.html'), 'utf8')).toContain('url=../start/');
    } finally {
      r.cleanup();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
