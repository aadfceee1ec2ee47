// End to end: a fixture repository becomes a wiki; a reader opens it in headless Chromium and
// sees who, when and why on a doc page and its sections, and finds pages by their words.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { build } from '../../src/pipeline/build.ts';
import { launchBrowser, serveStatic, type StaticServer, type TestBrowser } from '../helpers/browser.ts';
import { makeFixtureWiki, type FixtureWiki } from '../helpers/fixture-wiki.ts';
import { commitFacts } from '../helpers/git-truth.ts';

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

let fixture: FixtureWiki;
let outRoot: string;
let server: StaticServer;
let browser: TestBrowser;
const requested: string[] = [];

beforeAll(async () => {
  fixture = makeFixtureWiki();
  outRoot = mkdtempSync(join(tmpdir(), 'livewiki-e2e-'));
  const config = await loadConfig({ cwd: fixture.repo.root, out: join(outRoot, 'site') });
  const result = await build({ ...config, tickets: { prefixes: ['OPS'], url: 'https://tracker.example.com/browse/{key}' } });
  expect(result.published).toBe(true);
  server = await serveStatic(join(outRoot, 'site'));
  browser = await launchBrowser();
  browser.context.on('request', (r) => requested.push(r.url()));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fixture?.repo.cleanup();
  rmSync(outRoot, { recursive: true, force: true });
});

async function open(route: string): Promise<Page> {
  const page = await browser.context.newPage();
  const response = await page.goto(server.origin + route);
  expect(response?.status()).toBe(200);
  return page;
}

describe('the wiki of a repository, in a browser', () => {
  it('shows who changed a doc page last, when, and why, at the top', async () => {
    const page = await open('/widgets/docs/handbook/');
    const prov = page.locator('.lw-prov').first();
    await expect.poll(() => prov.isVisible()).toBe(true);
    const text = (await prov.locator('.lw-prov-line').textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain('Bob Builder');
    expect(text).toContain('Rename the guide to handbook');
    const time = prov.locator('time').first();
    expect(await time.getAttribute('datetime')).toBe(commitFacts(fixture.repo, fixture.shas.rename!).committedAt);
    expect(await time.textContent()).toBe(commitFacts(fixture.repo, fixture.shas.rename!).committedAt.slice(0, 10));
    expect(await time.getAttribute('title')).toMatch(/^Landed .* UTC; authored .* UTC$/);
    const commitLink = prov.locator('a.lw-commit').first();
    expect(await commitLink.getAttribute('href')).toBe(`https://github.com/acme/widgets/commit/${fixture.shas.rename}`);
    await page.close();
  });

  it('expands the recent changes of the page, newest first, renames followed', async () => {
    const page = await open('/widgets/docs/handbook/');
    await page.locator('.lw-prov details summary').click();
    const items = page.locator('.lw-prov details li');
    expect(await items.count()).toBe(4);
    expect(await items.nth(0).textContent()).toContain('Rename the guide to handbook');
    expect(await items.nth(3).textContent()).toContain('Initial import');
    await page.close();
  });

  it('gives each section its own who, when and why, with pull request and ticket links', async () => {
    const page = await open('/widgets/docs/handbook/');
    const badge = page.locator('h2#setup .lw-badge');
    await badge.locator('summary').click();
    const text = (await badge.textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain('Explain setup better (#12)');
    expect(text).toContain('Bob Builder, Chloé Ünicode');
    expect(await badge.locator('a[href="https://github.com/acme/widgets/pull/12"]').count()).toBe(1);
    expect(await badge.locator('a[href="https://tracker.example.com/browse/OPS-7"]').count()).toBe(1);
    await page.close();
  });

  it('finds a page by a word in its body', async () => {
    const page = await open('/');
    await page.locator('#lw-search input').fill('gently');
    const result = page.locator('.pagefind-ui__result-link').first();
    await result.waitFor({ timeout: 10_000 });
    expect(await result.getAttribute('href')).toBe('/widgets/docs/handbook/');
    await page.close();
  });

  it('has no serious accessibility violations and makes no request outside its origin', async () => {
    const page = await open('/widgets/');
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
      return (await axe.run()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    });
    expect(violations).toEqual([]);
    expect(requested.filter((u) => !u.startsWith(server.origin))).toEqual([]);
    await page.close();
  });
});
