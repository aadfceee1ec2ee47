// End to end: a fixture repository becomes a wiki; a reader opens it in headless Chromium and
// sees who, when and why on a doc page and its sections, and finds pages by their words.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { build } from '../../src/pipeline/run.ts';
import { BROWSER_MISSING, launchBrowser, needsBrowser, serveStatic, type StaticServer, type TestBrowser } from '../helpers/browser.ts';
import { makeFixtureWiki, type FixtureWiki } from '../helpers/fixture-wiki.ts';
import { commitFacts } from '../helpers/git-truth.ts';

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

let fixture: FixtureWiki;
let outRoot: string;
let server: StaticServer;
let browser: TestBrowser;
const requested: string[] = [];

beforeEach(needsBrowser);

beforeAll(async () => {
  if (BROWSER_MISSING) return;
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
  if (outRoot) rmSync(outRoot, { recursive: true, force: true });
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
    const landed = commitFacts(fixture.repo, fixture.shas.rename!).committedAt;
    expect(await time.getAttribute('datetime')).toBe(landed);
    // Relative in the reader's browser ("2 years ago"), absolute on hover.
    const relative = await time.textContent();
    expect(relative).toMatch(/^(\d+ (years?|months?|weeks?|days?|hours?|minutes?) ago|last (year|month|week)|yesterday)$/);
    expect(await time.getAttribute('title')).toBe(`Landed ${new Date(landed).toISOString().slice(0, 16).replace('T', ' ')} UTC; authored ${new Date(commitFacts(fixture.repo, fixture.shas.rename!).authoredAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
    // The published HTML itself carries only the absolute date, so builds stay byte-identical.
    const html = readFileSync(join(outRoot, 'site', 'widgets', 'docs', 'handbook', 'index.html'), 'utf8');
    expect(html).toContain(`datetime="${landed}" title="Landed `);
    expect(html).not.toContain(relative!);
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

  it('opens a section badge on keyboard focus, showing its own commit with a link to it', async () => {
    const page = await open('/widgets/docs/handbook/');
    const badge = page.locator('h2#tuning .lw-badge');
    expect(await badge.locator('.lw-badge-body').isVisible()).toBe(false);
    await badge.locator('summary').focus();
    await expect.poll(() => badge.locator('.lw-badge-body').isVisible()).toBe(true);
    const body = (await badge.locator('.lw-badge-body').textContent())!.replace(/\s+/g, ' ');
    expect(body).toContain('Alice Author');
    expect(body).toContain('OPS-9: gentler tuning');
    expect(await badge.locator('a.lw-commit').getAttribute('href')).toBe(`https://github.com/acme/widgets/commit/${fixture.shas.tuning}`);
    // The setup section was changed by another commit than the page and than its sibling.
    expect(await page.locator('h2#setup .lw-badge a.lw-commit').getAttribute('href')).toBe(`https://github.com/acme/widgets/commit/${fixture.shas.setup}`);
    await page.close();
  });

  it('copies the link of a section from the keyboard, and that link opens the page scrolled to the section', async () => {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    const page = await open('/widgets/docs/handbook/');
    const button = page.locator('h2#tuning button.lw-copy');
    expect(await button.isVisible()).toBe(true);
    await button.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(`${server.origin}/widgets/docs/handbook/#tuning`);
    expect(await page.locator('#lw-announce').textContent()).toBe('Link copied');
    await page.close();

    const reader = await browser.context.newPage();
    await reader.setViewportSize({ width: 800, height: 320 });
    await reader.goto(`${server.origin}/widgets/docs/handbook/#tuning`);
    await expect.poll(() => reader.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    const box = await reader.locator('h2#tuning').boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(320);
    await reader.close();
  });

  it('does not shift the layout while provenance widgets, relative times and search load', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${server.origin}/widgets/docs/handbook/`);
    await page.locator('#lw-search input').waitFor();
    await page.waitForTimeout(500);
    const shift = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => {
            for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) if (!e.hadRecentInput) total += e.value;
          }).observe({ type: 'layout-shift', buffered: true });
          setTimeout(() => resolve(total), 200);
        }),
    );
    expect(shift).toBeLessThan(0.01);
    await page.close();
  });

  it('shows who, when and why on an API page, and each operation its own commit', async () => {
    const page = await open('/widgets/api/openapi.yaml/tags/widgets/');
    const line = (await page.locator('.lw-prov .lw-prov-line').first().textContent())!.replace(/\s+/g, ' ');
    expect(line).toContain('OPS-9: gentler tuning');
    await page.locator('.lw-prov details summary').click();
    expect(await page.locator('.lw-prov details li').count()).toBe(2);
    const get = page.locator('h3#op-get-widgets .lw-badge');
    const post = page.locator('h3#op-post-widgets .lw-badge');
    await get.locator('summary').click();
    await post.locator('summary').click();
    expect(await get.locator('a.lw-commit').getAttribute('href')).toBe(`https://github.com/acme/widgets/commit/${fixture.shas.initial}`);
    expect(await post.locator('a.lw-commit').getAttribute('href')).toBe(`https://github.com/acme/widgets/commit/${fixture.shas.tuning}`);
    // The operationId keeps working as an anchor too.
    expect(await page.locator('#createWidget').count()).toBe(1);
    await page.close();
  });

  it('copies the link of an operation, and that link lands on it', async () => {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    const page = await open('/widgets/api/openapi.yaml/tags/widgets/');
    await page.locator('h3#op-post-widgets button.lw-copy').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(`${server.origin}/widgets/api/openapi.yaml/tags/widgets/#op-post-widgets`);
    await page.close();
  });

  it('shows who, when and why on a configuration page, and each key its own commit', async () => {
    const page = await open('/widgets/compose.yaml/');
    const line = (await page.locator('.lw-prov .lw-prov-line').first().textContent())!.replace(/\s+/g, ' ');
    expect(line).toContain('Initial import');
    expect(line).toContain('Alice Author');
    await page.locator('.lw-prov details summary').click();
    expect(await page.locator('.lw-prov details li').count()).toBe(1);
    const badge = page.locator('.lw-badge').first();
    await badge.locator('summary').click();
    expect(await badge.locator('a.lw-commit').getAttribute('href')).toBe(`https://github.com/acme/widgets/commit/${fixture.shas.initial}`);
    expect(await page.locator('article').textContent()).toContain('The public web server.');
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

  it('has no serious accessibility violations on overview, API and configuration pages, and makes no request outside its origin', async () => {
    for (const route of ['/widgets/', '/widgets/api/openapi.yaml/tags/widgets/', '/widgets/compose.yaml/']) {
      const page = await open(route);
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
        return (await axe.run()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
      });
      expect(violations, route).toEqual([]);
      await page.close();
    }
    expect(requested.filter((u) => !u.startsWith(server.origin))).toEqual([]);
  });
});
