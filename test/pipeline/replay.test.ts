// Every URL ever published answers (issue 16, DESIGN §4): a scripted history of 32 commits
// (renames, sections moved and removed, pages and keys removed, files re-added, an operation
// retagged) built at every commit into one output with one cache, as CI does on every merge.
// The oracle is what each build published (its livewiki.json: every page route and every section
// anchor) and git's own renames. At the end every one of those URLs is resolved against the
// built files as a browser does, and then in Chromium: it must land on its page, on the same
// section (same kind and key, in the same file or the file it was renamed to), on a line naming
// its removal (who and when), or on a redirect chain ending in one of those; never nowhere.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type ResolvedConfig } from '../../src/config/load.ts';
import { build } from '../../src/pipeline/run.ts';
import { BROWSER_MISSING, launchBrowser, needsBrowser, serveStatic, type StaticServer, type TestBrowser } from '../helpers/browser.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { resolveUrl, type Answer } from '../helpers/resolve-url.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

interface Published {
  route: string;
  anchor: string | null;
  kind: string | null;
  key: string | null;
  file: string | null;
  /** Index of the last build that published it. */
  last: number;
}

interface WikiJson {
  pages: { route: string; sections: { anchor: string; kind: string; key: string; sources: { path: string }[] }[] }[];
}

const doc = (title: string, sections: string[]) => `# ${title}\n\nAbout ${title}.\n${sections.map((s) => `\n## ${s}\n\nText of ${s}.\n`).join('')}`;
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const spec = (ops: { method: string; path: string; tag: string; id: string }[]) =>
  `openapi: 3.1.0\ninfo:\n  title: Pets API\n  version: "1"\npaths:\n${[...new Set(ops.map((o) => o.path))]
    .map((p) => `  ${p}:\n${ops.filter((o) => o.path === p).map((o) => `    ${o.method}:\n      operationId: ${o.id}\n      tags: [${o.tag}]\n      responses:\n        "200":\n          description: ok\n`).join('')}`)
    .join('')}`;

const APP = { $schema: 'https://example.com/app.schema.json', server: { port: 8080, host: 'localhost' }, legacy: true, features: { search: true } };
const OPS = [
  { method: 'get', path: '/pets', tag: 'pets', id: 'listPets' },
  { method: 'post', path: '/pets', tag: 'pets', id: 'createPet' },
  { method: 'get', path: '/stores', tag: 'stores', id: 'listStores' },
];

/** The scripted history: each step changes the repository; the runner commits and builds after it. */
function steps(repo: TestRepo): [string, () => void][] {
  const w = (path: string, text: string) => () => void repo.write(path, text);
  return [
    ['Initial docs, config and API', () => {
      repo.write('README.md', doc('Shop', ['Overview']));
      repo.write('docs/guide.md', doc('Guide', ['Install', 'Usage', 'Troubleshooting']));
      repo.write('docs/faq.md', doc('FAQ', ['Billing', 'Refunds']));
      repo.write('config/app.json', json(APP));
      repo.write('config/other.json', json({ $schema: 'https://example.com/other.schema.json', name: 'other' }));
      repo.write('api/openapi.yaml', spec(OPS));
    }],
    ['Add an advanced section', w('docs/guide.md', doc('Guide', ['Install', 'Usage', 'Troubleshooting', 'Advanced']))],
    ['Rename the guide to handbook', () => repo.move('docs/guide.md', 'docs/handbook.md')],
    ['Drop troubleshooting', w('docs/handbook.md', doc('Guide', ['Install', 'Usage', 'Advanced']))],
    ['Move refunds from the FAQ to the handbook', () => {
      repo.write('docs/faq.md', doc('FAQ', ['Billing']));
      repo.write('docs/handbook.md', doc('Guide', ['Install', 'Usage', 'Advanced', 'Refunds']));
    }],
    ['Rename app.json to service.json, dropping legacy', () => {
      repo.move('config/app.json', 'config/service.json');
      const { legacy: _, ...rest } = APP;
      repo.write('config/service.json', json(rest));
    }],
    ['Drop $schema from service.json', () => {
      const { legacy: _, $schema: __, ...rest } = APP;
      repo.write('config/service.json', json(rest));
    }],
    ['Add server.tls', () => {
      const { legacy: _, $schema: __, ...rest } = APP;
      repo.write('config/service.json', json({ ...rest, server: { ...rest.server, tls: true } }));
    }],
    ['Retag listStores as pets', w('api/openapi.yaml', spec(OPS.map((o) => (o.id === 'listStores' ? { ...o, tag: 'pets' } : o))))],
    ['Remove the FAQ', () => repo.remove('docs/faq.md')],
    ['Add a new page', w('docs/new.md', doc('New', ['First steps']))],
    ['Move the handbook into a folder', () => repo.move('docs/handbook.md', 'docs/manual/handbook.md')],
    ['Edit the readme', w('README.md', doc('Shop', ['Overview', 'Contact']))],
    ['Remove the install section', w('docs/manual/handbook.md', doc('Guide', ['Usage', 'Advanced', 'Refunds']))],
    ['Rename the API description', () => repo.move('api/openapi.yaml', 'api/pets.yaml')],
    ['Remove createPet', w('api/pets.yaml', spec(OPS.filter((o) => o.id !== 'createPet').map((o) => (o.id === 'listStores' ? { ...o, tag: 'pets' } : o))))],
    ['Add a new FAQ', w('docs/faq.md', doc('FAQ', ['Shipping']))],
    ['Rename other.json to meta.json', () => repo.move('config/other.json', 'config/meta.json')],
    ['Drop name from meta.json', w('config/meta.json', json({ $schema: 'https://example.com/other.schema.json' }))],
    ['Remove the new page', () => repo.remove('docs/new.md')],
    ['Add a runbook', w('docs/ops/runbook.md', doc('Runbook', ['Failover', 'Restore', 'Escalation']))],
    ['Rename the runbook', () => repo.move('docs/ops/runbook.md', 'docs/runbooks/failover.md')],
    ['Drop escalation from the runbook', w('docs/runbooks/failover.md', doc('Runbook', ['Failover', 'Restore']))],
    ['Reword the handbook', w('docs/manual/handbook.md', doc('Guide', ['Usage', 'Advanced', 'Refunds']).replace('Text of Usage.', 'Use it well.'))],
    ['Remove service.json', () => repo.remove('config/service.json')],
    ['Add service.yaml', w('config/service.yaml', 'server:\n  port: 9090\n')],
    ['Move the handbook back to the guide', () => repo.move('docs/manual/handbook.md', 'docs/guide.md')],
    ['Remove the API description', () => repo.remove('api/pets.yaml')],
    ['Bring an API description back', w('api/pets.yaml', spec([OPS[0]!]))],
    ['Drop the usage section', w('docs/guide.md', doc('Guide', ['Advanced', 'Refunds']))],
    ['Rename a runbook section', w('docs/runbooks/failover.md', doc('Runbook', ['Fail over', 'Restore']))],
    ['Final touches', w('README.md', doc('Shop', ['Overview', 'Contact', 'Legal']))],
  ];
}

let repo: TestRepo;
let out: string;
const published = new Map<string, Published>();
/** Renames git saw, per commit in order (old → new). */
const renamesAfter: Map<string, string>[] = [];
let server: StaticServer | null = null;
let browser: TestBrowser | null = null;

const urlOf = (p: { route: string; anchor: string | null }) => (p.anchor === null ? p.route : `${p.route}#${p.anchor}`);

beforeAll(async () => {
  repo = TestRepo.init();
  removeAfterFile(repo.root);
  out = join(tempDir('livewiki-replay-'), 'site');
  const config: ResolvedConfig = await (async () => {
    const c = await loadConfig({ cwd: repo.root, out, cache: join(tempDir('livewiki-replay-cache-'), 'cache') });
    return { ...c, repos: c.repos.map((r) => ({ ...r, name: 'shop' })) };
  })();
  const script = steps(repo);
  for (const [i, [message, change]] of script.entries()) {
    change();
    const sha = repo.commit({ message, author: `Author ${i + 1} <a${i + 1}@example.com>` });
    const renames = new Map<string, string>();
    for (const line of repo.git('show', '--first-parent', '-M', '--name-status', '--format=', sha).split('\n')) {
      const [status, from, to] = line.split('\t');
      if (status?.startsWith('R') && from && to) renames.set(from, to);
    }
    renamesAfter.push(renames);
    const result = await build(config);
    expect(result.published, `build ${i + 1} (${message})`).toBe(true);
    expect(result.diagnostics.filter((d) => d.severity === 'error'), `build ${i + 1}`).toEqual([]);
    const wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as WikiJson;
    for (const page of wiki.pages) {
      published.set(page.route, { route: page.route, anchor: null, kind: null, key: null, file: null, last: i });
      for (const s of page.sections) {
        const p: Published = { route: page.route, anchor: s.anchor, kind: s.kind, key: s.key, file: s.sources[0]?.path ?? null, last: i };
        published.set(urlOf(p), p);
      }
    }
  }
  expect(script.length).toBeGreaterThanOrEqual(30);
  server = await serveStatic(out);
  if (!BROWSER_MISSING) browser = await launchBrowser();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Where a file published in build `last` is now, following git's later renames. */
function fileNow(file: string, last: number): string {
  let path = file;
  for (const renames of renamesAfter.slice(last + 1)) path = renames.get(path) ?? path;
  return path;
}

const final = (): WikiJson => JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as WikiJson;

describe('replaying 32 merges into one output', () => {
  it('published many URLs, including ones that moved, were removed and came back', () => {
    expect(published.size).toBeGreaterThan(60);
    const live = new Set(final().pages.flatMap((p) => [p.route, ...p.sections.map((s) => `${p.route}#${s.anchor}`)]));
    expect([...published.keys()].filter((u) => !live.has(u)).length).toBeGreaterThan(25);
  });

  it('answers every URL ever published: its page, the same section, or a named removal; never nowhere', () => {
    const wiki = final();
    const sections = new Map<string, WikiJson['pages'][number]['sections'][number]>(wiki.pages.flatMap((p) => p.sections.map((s) => [`${p.route}#${s.anchor}`, s] as const)));
    const problems: string[] = [];
    const counts: Record<string, number> = {};
    for (const p of published.values()) {
      const a: Answer = resolveUrl(out, p.route, p.anchor);
      counts[a.landing] = (counts[a.landing] ?? 0) + 1;
      const where = `${urlOf(p)} → ${urlOf(a)} (${a.landing})`;
      if (a.landing === 'missing' || a.landing === 'unavailable') problems.push(where);
      if (p.anchor === null) continue;
      if (a.landing === 'section') {
        const s = sections.get(urlOf(a));
        // The same section: same kind and key, in its file or the file git renamed it to.
        if (!s || s.kind !== p.kind || s.key !== p.key) problems.push(`${where}: lands on ${s ? `${s.kind} ${s.key}` : 'no section'}`);
        else if ((p.kind === 'heading' || p.kind === 'config-key') && s.sources[0]?.path !== fileNow(p.file!, p.last)) problems.push(`${where}: a ${p.key} of another file (${s.sources[0]?.path})`);
      }
      if (a.landing === 'removed' && !/removed by Author \d+ on \d{4}-\d{2}-\d{2}/.test(a.text)) {
        const page = readFileSync(join(out, ...a.route.split('/').filter(Boolean), 'index.html'), 'utf8');
        if (!/Removed by Author \d+ on/.test(page)) problems.push(`${where}: says nothing of who removed it (${a.text})`);
      }
      if (a.landing === 'removed' && !a.text.startsWith(p.key!.split('.').at(-1)!) && !a.text.includes(p.key!)) problems.push(`${where}: names ${a.text}`);
    }
    expect(problems).toEqual([]);
    // Each kind of answer occurs, removals most (the script removes a lot).
    expect(counts.page).toBeGreaterThan(10);
    expect(counts.section).toBeGreaterThan(10);
    expect(counts.removed).toBeGreaterThan(25);
    // The audit's case: a `$schema` of a renamed file that lost it never lands on another file's `$schema`.
    expect(resolveUrl(out, '/shop/config/app.json/', 'key-schema')).toMatchObject({ landing: 'removed', route: '/shop/config/app.json/' });
    expect(resolveUrl(out, '/shop/config/other.json/', 'key-schema')).toMatchObject({ landing: 'section', route: '/shop/config/meta.json/', anchor: 'key-schema' });
    expect(resolveUrl(out, '/shop/config/other.json/', 'key-name').text).toMatch(/^name: no longer on this page \(removed by Author 19 on 2024-01-\d\d in [0-9a-f]{8}: Drop name from meta\.json\)$/);
  });

  it('lands a browser on the same place for every URL that does not answer directly', async (ctx) => {
    needsBrowser(ctx);
    const page = await browser!.context.newPage();
    const mismatches: string[] = [];
    for (const p of published.values()) {
      const expected = resolveUrl(out, p.route, p.anchor);
      if (expected.hops === 0) continue;
      await page.goto(`${server!.origin}${urlOf(p)}`);
      const target = `${server!.origin}${urlOf(expected)}`;
      await page.waitForURL(target, { timeout: 10_000 }).catch(() => undefined);
      const at = page.url();
      if (at !== target) mismatches.push(`${urlOf(p)}: browser at ${at.slice(server!.origin.length)}, files say ${urlOf(expected)}`);
      else if (expected.anchor !== null && (await page.locator(`[id="${expected.anchor.replace(/"/g, '\\"')}"]`).count()) !== 1) mismatches.push(`${urlOf(p)}: no single #${expected.anchor}`);
    }
    await page.close();
    expect(mismatches).toEqual([]);
  }, 300_000);
});
