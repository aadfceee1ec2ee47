// API pages in a real browser (issue 17 item 2): method chips that say the method in words, schema
// trees and responses as <details> that work from the keyboard and are in the page without
// JavaScript, examples (the spec's own or generated), and no accessibility violation in either
// theme, on a phone-sized screen too.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { build } from '../../src/pipeline/run.ts';
import { levelsFixture, versionFixture } from '../extract/openapi-multifile.ts';
import { launchBrowser, serveStatic, type StaticServer, type TestBrowser } from '../helpers/browser.ts';
import { TestRepo } from '../helpers/git-repo.ts';

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

let repo: TestRepo;
let outRoot: string;
let server: StaticServer;
let browser: TestBrowser;
let id: string;

beforeAll(async () => {
  repo = TestRepo.init();
  for (const fixture of [versionFixture('3.1', 'api'), levelsFixture('reports')]) for (const [path, text] of Object.entries(fixture.files)) repo.write(path, text);
  repo.commit('Add the API');
  outRoot = mkdtempSync(join(tmpdir(), 'livewiki-api-e2e-'));
  const result = await build(await loadConfig({ cwd: repo.root, out: join(outRoot, 'site') }));
  expect(result.published).toBe(true);
  id = (JSON.parse(readFileSync(join(outRoot, 'site', 'livewiki.json'), 'utf8')) as { repos: { id: string }[] }).repos[0]!.id;
  server = await serveStatic(join(outRoot, 'site'));
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  repo?.cleanup();
  rmSync(outRoot, { recursive: true, force: true });
});

async function open(route: string, options: { javaScript?: boolean; width?: number } = {}): Promise<Page> {
  const context = options.javaScript === false ? await browser.context.browser()!.newContext({ javaScriptEnabled: false }) : browser.context;
  const page = await context.newPage();
  if (options.width) await page.setViewportSize({ width: options.width, height: 900 });
  const response = await page.goto(`${server.origin}/${repoId()}${route}`);
  expect(response?.status()).toBe(200);
  return page;
}

function repoId(): string {
  return id;
}

const ROUTES = ['/api/openapi.yaml/', '/api/openapi.yaml/tags/widgets/', '/api/openapi.yaml/paths/gadgets/', '/api/openapi.yaml/schemas/', '/api/openapi.yaml/webhooks/', '/reports/openapi.yaml/tags/reports/'];

describe('API pages in a browser', () => {
  it('says each method in words on a chip of its own colour', async () => {
    const page = await open('/api/openapi.yaml/tags/widgets/');
    const chips = page.locator('h3 .lw-api-method');
    expect(await chips.allTextContents()).toEqual(['GET', 'POST', 'GET']);
    const colour = (i: number) => chips.nth(i).evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(await colour(0)).not.toBe(await colour(1));
    expect(await colour(0)).toBe(await colour(2));
    await page.close();
  });

  it('opens and closes a response and a schema node from the keyboard, and shows a generated or given example', async () => {
    const page = await open('/api/openapi.yaml/tags/widgets/');
    const op = page.locator('section', { has: page.locator('h3#op-get-widgets-id') });
    const notFound = op.locator('details.lw-api-response', { hasText: '404' });
    expect(await notFound.getAttribute('open')).toBeNull();
    await notFound.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await notFound.getAttribute('open')).toBe('');
    expect(await notFound.locator('.lw-api-response-body').isVisible()).toBe(true);
    // The 200 response is open, its schema (Widget, from its own file) unfolded, its example generated.
    const ok = op.locator('details.lw-api-response', { hasText: '200' });
    expect(await ok.getAttribute('open')).toBe('');
    expect(await ok.locator('.lw-api-props .lw-api-name').allTextContents()).toEqual(expect.arrayContaining(['id', 'name', 'colour', 'owner']));
    const example = ok.locator('details.lw-api-example[open] pre');
    expect(await example.textContent()).toContain('"colour": "red"');
    // The list operation shows the spec's own example, not a generated one.
    const list = page.locator('section', { has: page.locator('h3#op-get-widgets') });
    expect(await list.locator('details.lw-api-example[open] pre').textContent()).toContain('sprocket-from-example');
    await page.close();
  });

  it('has every schema field and example in the page without JavaScript', async () => {
    const page = await open('/api/openapi.yaml/tags/widgets/', { javaScript: false });
    const text = (await page.locator('article').textContent())!;
    for (const expected of ['Get a widget', 'The widget id.', 'Include the history.', 'No such widget.', 'callbackUrl', 'gizmo-from-example', 'X-Rate-Limit', 'sprocket-from-example']) expect(text).toContain(expected);
    // An error response's schema is a link to its section, where its fields are.
    expect(await page.locator('details.lw-api-response', { hasText: 'No such widget.' }).locator('a.lw-api-schema-ref').getAttribute('href')).toMatch(/\/schemas\/#schema-error$/);
    await page.close();
  });

  it('has no accessibility violations on any API page type, in light and dark themes', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      for (const route of ROUTES) {
        const page = await open(route);
        await page.emulateMedia({ colorScheme: scheme });
        // Open every <details> so that what they hide is checked too.
        await page.evaluate(() => document.querySelectorAll('article details').forEach((d) => d.setAttribute('open', '')));
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: (c: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
          return (await axe.run(document)).violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
        });
        expect(violations, `${scheme} ${route}`).toEqual([]);
        await page.close();
      }
    }
  });

  it('keeps API content inside a phone-sized screen', async () => {
    const page = await open('/api/openapi.yaml/tags/widgets/', { width: 390 });
    await page.evaluate(() => document.querySelectorAll('article details').forEach((d) => d.setAttribute('open', '')));
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('article [class^="lw-api-"], article [class*=" lw-api-"]')]
        .filter((e) => !e.closest('pre'))
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map((e) => `${e.className}: ${Math.round(e.getBoundingClientRect().right)}`)
        .slice(0, 5),
    );
    expect(wide).toEqual([]);
    await page.close();
  });
});
