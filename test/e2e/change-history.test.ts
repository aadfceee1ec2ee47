// End to end in a real browser (issue 14): an on-call engineer opens a spec's API changes page and
// narrows it to "since v1.0.0" and to a date window; opens an operation's own history from its
// heading; follows an old link to a removed operation. Everything reads without JavaScript too.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { build } from '../../src/pipeline/run.ts';
import { BROWSER_MISSING, launchBrowser, needsBrowser, serveStatic, type StaticServer, type TestBrowser } from '../helpers/browser.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { tempDir } from '../helpers/temp.ts';

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

type Spec = Record<string, any>;
const repo = TestRepo.init();
const shas: Record<string, string> = {};
let outDir: string;
let server: StaticServer;
let browser: TestBrowser;
const API = '/pets/pets.json/changes/';
const TAG_PAGE = '/pets/pets.json/paths/pets/';

function spec(): Spec {
  return {
    openapi: '3.0.3',
    info: { title: 'Pets', version: '1.0.0' },
    paths: {
      '/pets': { get: { operationId: 'listPets', responses: { '200': { description: 'The pets', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Pet' } } } } } } } },
      '/pets/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        get: { operationId: 'getPet', description: 'Returns one pet.', responses: { '200': { description: 'A pet', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } } },
        delete: { operationId: 'deletePet', responses: { '204': { description: 'Deleted' } } },
      },
    },
    components: { schemas: { Pet: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } } } },
  };
}

beforeAll(async () => {
  process.env.TZ = 'UTC';
  repo.git('remote', 'add', 'origin', 'https://github.com/acme/pets.git');
  const s = spec();
  const commit = (name: string, message: string, author: string, date: string) => {
    repo.write('pets.json', JSON.stringify(s, null, 2));
    shas[name] = repo.commit({ message, author, date });
  };
  commit('initial', 'Pets API', 'Alice Author <alice@example.com>', '2024-03-01T09:00:00Z');
  s.paths['/pets'].get.parameters = [{ name: 'limit', in: 'query', schema: { type: 'integer' } }];
  commit('limit', 'Add a limit (#2)', 'Bob Builder <bob@example.com>', '2024-03-05T09:00:00Z');
  repo.git('tag', 'v1.0.0');
  delete s.paths['/pets/{id}'].delete;
  commit('removed', 'Pets are never deleted (#3)', 'Carol Coder <carol@example.com>', '2024-03-10T09:00:00Z');
  repo.git('tag', 'v1.1.0');
  s.components.schemas.Pet.properties.id = { type: 'string' };
  commit('retyped', 'Pet ids are strings (#4)', 'Dan Dev <dan@example.com>', '2024-03-20T09:00:00Z');
  s.paths['/pets/{id}'].get.description = 'Returns one pet by its id.';
  commit('docs', 'Describe getPet better (#5)', 'Erin Editor <erin@example.com>', '2024-04-01T09:00:00Z');
  outDir = join(tempDir('livewiki-e2e-history-'), 'site');
  const result = await build(await loadConfig({ cwd: repo.root, out: outDir, cache: false }));
  expect(result.published).toBe(true);
  server = await serveStatic(outDir);
  if (BROWSER_MISSING) return;
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  repo.cleanup();
});

async function open(route: string): Promise<Page> {
  const page = await browser.context.newPage();
  const response = await page.goto(server.origin + route);
  expect(response?.status()).toBe(200);
  return page;
}

const short = (name: string) => shas[name]!.slice(0, 8);
const visible = (page: Page) => page.locator('li.lw-change:visible .lw-change-head .lw-commit code').allTextContents();

describe('the API changes page', () => {
  it('lists every commit that changed the spec, newest first, and filters by release and by date', async (ctx) => {
    needsBrowser(ctx);
    const page = await open(API);
    expect(await visible(page)).toEqual(['docs', 'retyped', 'removed', 'limit'].map(short));
    // Releases come from the repository's tags, newest first.
    expect(await page.locator('select[name="since"] option').allTextContents()).toEqual(['All releases', 'v1.1.0', 'v1.0.0']);
    await page.locator('select[name="since"]').selectOption('v1.0.0');
    expect(await visible(page)).toEqual(['docs', 'retyped', 'removed'].map(short));
    await page.locator('select[name="since"]').selectOption('v1.1.0');
    expect(await visible(page)).toEqual(['docs', 'retyped'].map(short));
    expect(await page.locator('#lw-filter-status').textContent()).toBe('Showing 2 of 4 entries of this page.');
    expect(new URL(page.url()).searchParams.get('since')).toBe('v1.1.0');
    await page.locator('select[name="since"]').selectOption('');
    await page.locator('input[name="after"]').fill('2024-03-08T00:00');
    await page.locator('input[name="before"]').fill('2024-03-25T00:00');
    expect(await visible(page)).toEqual(['retyped', 'removed'].map(short));
    await page.close();
    // A shared link keeps the filter.
    const again = await open(`${API}?since=v1.0.0&before=${encodeURIComponent('2024-03-15T00:00')}`);
    expect(await visible(again)).toEqual(['removed'].map(short));
    await again.close();
  });

  it('answers an old link to a removed operation with its removal', async (ctx) => {
    needsBrowser(ctx);
    const page = await open(`${API}#op-delete-pets-id`);
    const target = page.locator(':target');
    expect(await target.getAttribute('id')).toBe('op-delete-pets-id');
    expect((await target.textContent())!.replace(/\s+/g, ' ')).toBe('breaking Operation DELETE /pets/{id}: operation removed');
    const entry = page.locator(`li#c-${shas.removed!.slice(0, 12)}`);
    expect(await entry.locator('.lw-history-who').textContent()).toBe('by Carol Coder');
    await page.close();
  });

  it('shows every entry without JavaScript', () => {
    const html = readFileSync(join(outDir, 'pets', 'pets.json', 'changes', 'index.html'), 'utf8');
    expect(html.match(/<li class="lw-change"/g)).toHaveLength(4);
    expect(html).not.toMatch(/<li class="lw-change"[^>]*hidden/);
  });
});

describe("an operation's own history", () => {
  it('opens from its heading: who, when, why, what changed and the before/after view', async (ctx) => {
    needsBrowser(ctx);
    const page = await open(TAG_PAGE);
    const history = page.locator('#op-get-pets-id details.lw-section-history');
    const body = history.locator('.lw-section-history-body');
    expect(await body.isVisible()).toBe(false);
    expect((await history.locator('summary').textContent())!.replace(/\s+/g, ' ').trim()).toBe('breaking 2 changes to this section');
    await history.locator('summary').click();
    expect(await body.isVisible()).toBe(true);
    const items = body.locator('ol.lw-section-changes > li');
    expect(await items.count()).toBe(2);
    const newest = (await items.nth(0).textContent())!.replace(/\s+/g, ' ');
    expect(newest).toContain(`${short('docs')} Describe getPet better (#5) #5 by Erin Editor`);
    expect(newest).toContain('description edited');
    expect(await items.nth(0).locator('pre.lw-diff ins').textContent()).toBe(' by its id');
    expect((await items.nth(1).textContent())!.replace(/\s+/g, ' ')).toContain('breaking response 200 property id type changed from integer to string');
    expect(await body.locator('a', { hasText: 'All API changes' }).evaluate((a) => (a as HTMLAnchorElement).pathname)).toBe(API);
    // Keyboard: Enter on the summary closes it again.
    await history.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await body.isVisible()).toBe(false);
    await page.close();
  });

  it('has no serious or critical accessibility violations, history open, in light and dark themes', async (ctx) => {
    needsBrowser(ctx);
    const found: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      for (const route of [API, TAG_PAGE]) {
        const page = await open(route);
        await page.emulateMedia({ colorScheme: theme });
        for (const d of await page.locator('details.lw-section-history').all()) await d.evaluate((el) => el.setAttribute('open', ''));
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
          return (await axe.run()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        });
        found.push(...violations.map((v) => `${theme} ${route}: ${v}`));
        await page.close();
      }
    }
    expect(found).toEqual([]);
  });
});
