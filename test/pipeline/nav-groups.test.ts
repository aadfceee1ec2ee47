// Issue 17.3 and 17.4 through a real build: a repository's pages are listed by what they are
// (documentation, API reference, TypeScript reference, configuration, requirements), the
// overview is titled by the project's name, data files stay out of the configuration, and the
// Requirements page finds every runtime declaration with its file and line. The sidebar groups
// are checked in Chromium: visible, named, reachable and operable by keyboard.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { configRoute } from '../../src/extract/config/index.ts';
import { directoryRoute, docRoute } from '../../src/model/ids.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build, type BuildResult } from '../../src/pipeline/run.ts';
import { BROWSER_MISSING, launchBrowser, serveStatic, type StaticServer, type TestBrowser } from '../helpers/browser.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;
const json = (v: unknown): string => JSON.stringify(v, null, 2) + '\n';

const FILES: Record<string, string> = {
  'package.json': json({ name: '@acme/rocket', version: '1.0.0', types: 'src/index.ts', engines: { node: '>=20.11', pnpm: '>=9' }, packageManager: 'pnpm@9.12.0+sha512.abc' }),
  'src/index.ts': '/** Launches a rocket. */\nexport function launch(name: string): string {\n  return name;\n}\n',
  // A README without a heading of its own (as many projects write it, with a centred logo).
  'README.md': '<p align="center">Rocket logo</p>\n\nRocket launches things.\n',
  'CONTRIBUTING.md': '# Contributing\n\nSend patches.\n',
  'SECURITY.md': '# Security Policy\n\nMail us.\n',
  'docs/guide.md': '# Guide\n\nHow to launch.\n',
  'openapi.yaml': 'openapi: 3.0.3\ninfo:\n  title: Rocket API\n  version: "1"\npaths:\n  /launch:\n    post:\n      operationId: launch\n      responses:\n        "200":\n          description: Launched\n',
  'turbo.json': json({ $schema: 'https://turbo.build/schema.json', tasks: { build: { outputs: ['dist/**'] } } }),
  'lerna.json': json({ version: 'independent' }),
  '.coderabbit.yaml': 'reviews:\n  profile: chill\n',
  'codecov.yml': 'coverage:\n  range: 70..100\n',
  '.github/workflows/ci.yml': [
    'on: push',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    strategy:',
    '      matrix:',
    '        node: [20, 22]',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: oven-sh/setup-bun@v2',
    '        with:',
    '          bun-version: 1.1.30',
    '      - uses: actions/setup-node@v4',
    '        with:',
    '          node-version: ${{ matrix.node }}',
    '      - uses: actions/setup-python@v5',
    '        with:',
    "          python-version: '3.12'",
    '      - uses: actions/setup-go@v5',
    '        with:',
    '          go-version: 1.22.x',
    '',
  ].join('\n'),
  Dockerfile: 'FROM node:22-alpine AS build\nRUN echo hi\nFROM gcr.io/distroless/nodejs22\n',
  '.nvmrc': '22\n',
  '.node-version': '22.11.0\n',
  '.tool-versions': 'nodejs 22.11.0\npnpm 9.12.0\n',
  'go.mod': 'module example.com/rocket\n\ngo 1.22\n',
  'pyproject.toml': '[project]\nname = "rocket"\nversion = "1.0"\nrequires-python = ">=3.10"\n',
  'rust-toolchain.toml': '[toolchain]\nchannel = "1.78.0"\n',
  // Noise: a Postman collection and a data folder.
  'rocket.postman_collection.json': json({ info: { _postman_id: '0b6f2c1e-1111-2222-3333-444455556666', name: 'Rocket', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [] }),
  '_artifacts/report.json': json({ passed: 12, failed: 0 }),
};

let repo: TestRepo;
let out: string;
let result: BuildResult;
let wiki: LivewikiJson;

beforeAll(async () => {
  repo = TestRepo.init();
  removeAfterFile(repo.root);
  for (const [path, text] of Object.entries(FILES)) repo.write(path, text);
  repo.commit('Rocket');
  out = join(tempDir('livewiki-navgroups-'), 'site');
  const config = await loadConfig({ cwd: repo.root, out });
  result = await build(config);
  wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
}, 240_000);

afterAll(() => repo?.cleanup());

const html = (route: string): string => readFileSync(join(out, ...route.split('/').filter(Boolean), 'index.html'), 'utf8');
const text = (s: string): string => s.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();

/** The sidebar as [group title, link titles] in document order. */
function sidebarGroups(page: string): [string, string[]][] {
  const nav = /<nav class="lw-sidebar"[^>]*>([\s\S]*?)<\/nav>/.exec(page)?.[1] ?? '';
  return [...nav.matchAll(/<summary[^>]*>([\s\S]*?)<\/summary>([\s\S]*?)<\/details>/g)].map((m) => [text(m[1]!), [...m[2]!.matchAll(/<a [^>]*>([\s\S]*?)<\/a>/g)].map((a) => text(a[1]!))]);
}

describe('a repository wiki grouped by what its pages are', () => {
  it('builds without errors', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.published).toBe(true);
  });

  it("titles the overview by the project's name, not README", () => {
    const overview = wiki.pages.find((p) => p.route === `/${wiki.repos[0]!.id}/`)!;
    expect(overview.title).toBe('@acme/rocket');
    expect(text(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html(overview.route))![1]!)).toBe('@acme/rocket');
  });

  it('lists the repository root by group: docs, API, TypeScript, configuration, requirements', () => {
    const overview = wiki.pages.find((p) => p.kind === 'repo-overview')!;
    const groups = sidebarGroups(html(overview.route));
    expect(groups.map(([g]) => g)).toEqual(['Documentation', 'API reference', 'TypeScript reference', 'Configuration', 'Requirements']);
    const of = (g: string) => groups.find(([t]) => t === g)![1];
    expect(of('Documentation')).toEqual(['Contributing', 'docs', 'Security Policy']);
    expect(of('API reference')[0]).toBe('Rocket API');
    expect(of('TypeScript reference')[0]).toBe('@acme/rocket');
    // Folders are listed in the group of their contents: .github holds a workflow.
    expect(of('Configuration')).toEqual(['.coderabbit.yaml', '.github', 'codecov.yml', 'Dockerfile', 'lerna.json', 'pyproject.toml', 'rust-toolchain.toml', 'turbo.json']);
    expect(of('Requirements')).toEqual(['Requirements']);
    // The listing on the page says the same, with a heading per group.
    const listing = /<section class="lw-index"[\s\S]*?<\/section>/.exec(html(overview.route))![0];
    expect([...listing.matchAll(/<h3 class="lw-index-group">([^<]*)<\/h3>/g)].map((m) => m[1])).toEqual(['Documentation', 'API reference', 'TypeScript reference', 'Configuration', 'Requirements']);
  });

  it('keeps every URL where it was: grouping changes the order only', () => {
    const id = wiki.repos[0]!.id;
    for (const p of wiki.pages) {
      const path = p.sources[0]?.path ?? '';
      if (p.kind === 'doc') expect(p.route, p.id).toBe(docRoute(id, path));
      if (p.kind === 'config') expect(p.route, p.id).toBe(configRoute(id, path));
      if (p.kind === 'index') expect(p.route, p.id).toBe(directoryRoute(id, p.id.slice(p.id.indexOf('/dir/') + 5)));
    }
    expect(wiki.pages.find((p) => p.kind === 'requirements')!.route).toBe(`/${id}/requirements/`);
    expect(wiki.pages.find((p) => p.kind === 'repo-overview')!.route).toBe(`/${id}/`);
  });

  it('gives a page deeper down its siblings only, without group headings when they are all alike', () => {
    const guide = wiki.pages.find((p) => p.id.endsWith('docs/guide.md'))!;
    expect(sidebarGroups(html(guide.route))).toEqual([]);
  });

  it('keeps data files out of the configuration and says so once per kind', () => {
    const config = wiki.pages.filter((p) => p.kind === 'config').map((p) => p.sources[0]!.path).sort();
    expect(config).toEqual(['.coderabbit.yaml', '.github/workflows/ci.yml', 'Dockerfile', 'codecov.yml', 'lerna.json', 'pyproject.toml', 'rust-toolchain.toml', 'turbo.json']);
    const notes = result.diagnostics.filter((d) => d.code === 'I_CONFIG_SKIPPED').map((d) => d.message);
    expect(notes.some((m) => m.includes('API client collections') && m.includes('rocket.postman_collection.json'))).toBe(true);
    expect(notes.some((m) => m.includes('data files') && m.includes('_artifacts/report.json'))).toBe(true);
  });

  it('finds every runtime declaration, each with its file and the line that declares it', () => {
    const page = html('/' + wiki.repos[0]!.id + '/requirements/');
    const table = /<h2 id="runtimes"[\s\S]*?<\/table>/.exec(page)![0];
    const rows = [...table.matchAll(/<tr><td><code>([^<]*)<\/code><\/td><td>(?:<code>([^<]*)<\/code>)?<\/td><td>([^<]*)<\/td><td>(?:<a [^>]*>|<code>)([^<]*)(?:<\/a>|<\/code>)(?::(\d+))?<\/td><\/tr>/g)].map((m) => ({
      name: m[1]!,
      value: (m[2] ?? '').replace(/&gt;/g, '>').replace(/&#x3D;/g, '='),
      path: m[4]!,
      line: Number(m[5]),
    }));
    const expected: [string, string, string][] = [
      ['node', '>=20.11', 'package.json'],
      ['pnpm', '>=9', 'package.json'],
      ['pnpm', '9.12.0', 'package.json'],
      ['node', '22', '.nvmrc'],
      ['node', '22.11.0', '.node-version'],
      ['nodejs', '22.11.0', '.tool-versions'],
      ['bun', '1.1.30', '.github/workflows/ci.yml'],
      ['node', '20, 22', '.github/workflows/ci.yml'],
      ['python', '3.12', '.github/workflows/ci.yml'],
      ['go', '1.22.x', '.github/workflows/ci.yml'],
      ['base image', 'node:22-alpine', 'Dockerfile'],
      ['base image', 'gcr.io/distroless/nodejs22', 'Dockerfile'],
      ['go', '1.22', 'go.mod'],
      ['python', '>=3.10', 'pyproject.toml'],
      ['rust', '1.78.0', 'rust-toolchain.toml'],
    ];
    for (const [name, value, path] of expected) {
      const row = rows.find((r) => r.name === name && r.value === value && r.path === path);
      expect(row, `${name} ${value} from ${path}; have ${JSON.stringify(rows)}`).toBeDefined();
      // The oracle for the line: the file itself, at that line, declares it.
      const declared = FILES[path]!.split('\n')[row!.line - 1] ?? '';
      const expectedText = name === 'node' && path.endsWith('ci.yml') ? 'matrix.node' : value.split(',')[0]!.replace(/^>=/, '');
      expect(declared, `${path}:${row!.line}`).toContain(expectedText);
    }
    expect(/<h2 id="runtimes"[\s\S]*?<\/section>/.exec(page)![0]).not.toContain('None found');
  });
});

describe.skipIf(BROWSER_MISSING)('the sidebar groups in a browser', () => {
  let server: StaticServer;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    server = await serveStatic(out);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    const overview = wiki.pages.find((p) => p.kind === 'repo-overview')!;
    await page.goto(server.origin + overview.route);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows each group as a named group with its links visible', async () => {
    const sidebar = page.getByRole('navigation', { name: 'Section navigation' });
    const groups = sidebar.getByRole('group');
    expect(await groups.count()).toBe(5);
    const config = sidebar.getByRole('group', { name: 'Configuration' });
    expect(await config.isVisible()).toBe(true);
    expect(await config.getByRole('link', { name: 'turbo.json' }).isVisible()).toBe(true);
  });

  it('reaches a group and its links by keyboard, and folds and unfolds it with Enter', async () => {
    const sidebar = page.getByRole('navigation', { name: 'Section navigation' });
    const summary = sidebar.locator('summary', { hasText: 'Configuration' });
    const link = sidebar.getByRole('link', { name: 'turbo.json' });
    await page.locator('body').focus();
    let reachedSummary = false;
    let reachedLink = false;
    for (let i = 0; i < 60 && !(reachedSummary && reachedLink); i++) {
      await page.keyboard.press('Tab');
      if (await summary.evaluate((el) => el === document.activeElement)) reachedSummary = true;
      if (await link.evaluate((el) => el === document.activeElement)) reachedLink = true;
    }
    expect([reachedSummary, reachedLink]).toEqual([true, true]);
    await summary.focus();
    await page.keyboard.press('Enter');
    expect(await link.isVisible()).toBe(false);
    await page.keyboard.press('Enter');
    expect(await link.isVisible()).toBe(true);
  });

  it('has no accessibility violations in the sidebar', async () => {
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown) => Promise<{ violations: { id: string }[] }> } }).axe;
      return (await axe.run({ include: [['nav.lw-sidebar']] })).violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
  });
});
