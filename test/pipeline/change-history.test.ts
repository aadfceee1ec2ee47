// What changed, and does it matter (issue 14), through `build()` on a repository with a scripted
// history: an OpenAPI spec, a configuration file and a document, each changed commit by commit
// by different people. Every change must be classified right, attributed to the commit git says
// made it (and its author), and shown on the section, on the API changes page and in
// `livewiki.json`'s changelog; secrets stay redacted; a cached rebuild equals a cold build; a
// new commit compares only the new pair of versions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CacheStore } from '../../src/cache/index.ts';
import { loadConfig, type ResolvedConfig } from '../../src/config/load.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { ChangelogEntry } from '../../src/output/changelog.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build, wikiModel, type BuildResult } from '../../src/pipeline/run.ts';
import { createTemplateEnv } from '../../src/render/handlebars.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { commitFacts } from '../helpers/git-truth.ts';
import { tempDir } from '../helpers/temp.ts';
import { readTree, treeDiff } from '../site/tree.ts';

type Spec = Record<string, any>;

function spec(): Spec {
  return {
    openapi: '3.0.3',
    info: { title: 'Pets', version: '1.0.0' },
    paths: {
      '/pets': {
        get: { operationId: 'listPets', summary: 'List pets', responses: { '200': { description: 'The pets', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Pet' } } } } } } },
        post: { operationId: 'createPet', requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NewPet' } } } }, responses: { '201': { description: 'Created' } } },
      },
      '/pets/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        get: { operationId: 'getPet', description: 'Returns one pet.', responses: { '200': { description: 'A pet', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } } },
        delete: { operationId: 'deletePet', responses: { '204': { description: 'Deleted' } } },
      },
    },
    components: {
      schemas: {
        NewPet: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
        Pet: { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, name: { type: 'string' } } },
      },
    },
  };
}

const config = (timeout: [string, string] | null, endpoint = 'https://api.example.com', port = '8080') =>
  ['server:', ...(timeout ? ['  # Seconds before a request is abandoned.', `  ${timeout[0]}: ${timeout[1]}`] : []), `  port: ${port}`, `  endpoint: ${endpoint}`, 'logging:', '  level: info', ''].join('\n');

const guide = (install: string) => `# Guide\n\nIntro.\n\n## Install\n\n${install}\n\n## Usage\n\nRun \`pets serve\`.\n`;

const SECRET = 'Sup3rS3cretPassw0rdXq9';

interface Step {
  name: string;
  message: string;
  author: string;
  files: Record<string, string>;
}

const repo = TestRepo.init();
const shas: Record<string, string> = {};
let out: string;
let cacheDir: string;
let cold: BuildResult;
let wiki: LivewikiJson;

function steps(): Step[] {
  const s = spec();
  const out: Step[] = [];
  const snap = (name: string, message: string, author: string, extra: Record<string, string> = {}) => out.push({ name, message, author, files: { 'api/pets.yaml': stringify(s), ...extra } });
  snap('initial', 'Pets service', 'Alice Author <alice@example.com>', { 'config/app.yaml': config(['timeout', '30']), 'docs/guide.md': guide('Run `npm install pets`.') });
  s.paths['/pets'].get.parameters = [{ name: 'limit', in: 'query', required: false, schema: { type: 'integer' } }];
  snap('limit', 'Add a limit to the pet list (#21)', 'Bob Builder <bob@example.com>');
  delete s.paths['/pets/{id}'].delete;
  snap('removed', 'Pets are never deleted (#22)', 'Carol Coder <carol@example.com>');
  s.components.schemas.Pet.properties.id = { type: 'string' };
  snap('retyped', 'Pet ids are strings (#23)', 'Dan Dev <dan@example.com>');
  s.paths['/pets/{id}'].get.deprecated = true;
  snap('deprecated', 'Deprecate getPet (#24)', 'Erin Editor <erin@example.com>');
  s.components.schemas.NewPet.required = ['name', 'species'];
  s.components.schemas.NewPet.properties.species = { type: 'string' };
  snap('required', 'Species is required (#25)', 'Frank Fixer <frank@example.com>');
  s.paths['/pets/{id}'].get.description = 'Returns one pet by its id.';
  snap('docs', 'Describe getPet better (#26)', 'Grace Writer <grace@example.com>');
  // Configuration: a value changed three times, the key renamed, then removed; a URL gains a password.
  out.push({ name: 't45', message: 'Raise timeout, INC-77 (#12)', author: 'Bob Builder <bob@example.com>', files: { 'config/app.yaml': config(['timeout', '45']) } });
  out.push({ name: 't60', message: 'Timeout 60s (#13)', author: 'Carol Coder <carol@example.com>', files: { 'config/app.yaml': config(['timeout', '60s']) } });
  out.push({ name: 't90', message: 'Timeout 90s (#14)', author: 'Dan Dev <dan@example.com>', files: { 'config/app.yaml': config(['timeout', '"90s"']) } });
  out.push({ name: 'renamed', message: 'Rename timeout (#15)', author: 'Erin Editor <erin@example.com>', files: { 'config/app.yaml': config(['request_timeout', '"90s"']) } });
  out.push({ name: 'dropped', message: 'Drop the request timeout (#16)', author: 'Frank Fixer <frank@example.com>', files: { 'config/app.yaml': config(null) } });
  out.push({ name: 'secret', message: 'Authenticate to the API (#17)', author: 'Grace Writer <grace@example.com>', files: { 'config/app.yaml': config(null, `https://admin:${SECRET}@api.example.com`) } });
  out.push({ name: 'port', message: 'Move to port 9090, INC-80 (#18)', author: 'Bob Builder <bob@example.com>', files: { 'config/app.yaml': config(null, `https://admin:${SECRET}@api.example.com`, '9090') } });
  // The document: one section edited twice.
  out.push({ name: 'pnpm', message: 'Install with pnpm (#31)', author: 'Carol Coder <carol@example.com>', files: { 'docs/guide.md': guide('Run `pnpm add pets`.') } });
  out.push({ name: 'global', message: 'Install globally (#32)', author: 'Dan Dev <dan@example.com>', files: { 'docs/guide.md': guide('Run `pnpm add --global pets`.\n\nThen check `pets --version`.') } });
  return out;
}

async function configFor(outDir: string, cache: string | false): Promise<ResolvedConfig> {
  const c = await loadConfig({ cwd: repo.root, out: outDir, cache });
  return { ...c, tickets: { prefixes: ['INC'], url: 'https://tracker.example.com/browse/{key}' } };
}

beforeAll(async () => {
  repo.git('remote', 'add', 'origin', 'https://github.com/acme/pets.git');
  for (const step of steps()) {
    for (const [path, text] of Object.entries(step.files)) repo.write(path, text);
    shas[step.name] = repo.commit({ message: step.message, author: step.author });
  }
  const parent = tempDir('livewiki-changes-');
  out = join(parent, 'cold');
  cacheDir = join(parent, 'cache');
  cold = await build(await configFor(out, cacheDir));
  wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
}, 240_000);

afterAll(() => repo.cleanup());

function entries(where: Partial<ChangelogEntry>): ChangelogEntry[] {
  return wiki.changelog.filter((e) => Object.entries(where).every(([k, v]) => (e as unknown as Record<string, unknown>)[k] === v));
}

/** The one changelog entry for `summary` on `key`, checked against what git says of `step`'s commit. */
function entryOf(step: string, key: string, summary: string): ChangelogEntry {
  const found = entries({ key, summary });
  expect(found.map((e) => e.commit), `${key}: ${summary}`).toEqual([shas[step]]);
  const e = found[0]!;
  const facts = commitFacts(repo, shas[step]!);
  expect(e.authors).toEqual([{ name: facts.authorName }]);
  expect(e.committedAt).toBe(facts.committedAt);
  return e;
}

function html(route: string): string {
  return readFileSync(join(out, ...route.split('/').filter(Boolean), 'index.html'), 'utf8');
}

/** The heading of section `anchor` on a page, slot included (badge and history). */
function sectionHead(page: string, anchor: string): string {
  const start = page.indexOf(` id="${anchor}"`);
  expect(start, anchor).toBeGreaterThan(0);
  const end = page.indexOf('</h', page.indexOf('</details>', page.indexOf('lw-section-history', start)));
  return page.slice(start, end);
}

const text = (h: string) => h.replace(/<\/?code>/g, '`').replace(/<[^>]+>/g, '').replace(/&#x60;/g, '`').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

describe('change history of an OpenAPI spec', () => {
  const api = '/pets/api/pets.yaml/changes/';

  it('publishes without errors or warnings', () => {
    expect(cold.published).toBe(true);
    expect(cold.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('classifies each of the six commits right, with the commit and author git reports', () => {
    const limit = entryOf('limit', 'GET /pets', 'new optional query parameter `limit`');
    expect(limit).toMatchObject({ repo: 'pets', path: 'api/pets.yaml', kind: 'operation', change: 'changed', breaking: false, from: null, to: null, page: '/pets/api/pets.yaml/paths/pets/', anchor: 'op-get-pets' });
    expect(limit.pulls).toEqual([{ number: 21, url: 'https://github.com/acme/pets/pull/21' }]);
    // The removed operation lives on in the API changes page, at the anchor it had.
    expect(entryOf('removed', 'DELETE /pets/{id}', 'operation removed')).toMatchObject({ kind: 'operation', change: 'removed', breaking: true, page: api, anchor: 'op-delete-pets-id' });
    expect(entryOf('retyped', 'GET /pets/{id}', 'response 200 property `id` type changed from integer to string')).toMatchObject({ change: 'changed', breaking: true, anchor: 'op-get-pets-id' });
    expect(entryOf('retyped', 'Pet', 'property `id` type changed from integer to string')).toMatchObject({ kind: 'schema', breaking: true, page: '/pets/api/pets.yaml/schemas/', anchor: 'schema-pet' });
    expect(entryOf('deprecated', 'GET /pets/{id}', 'operation deprecated')).toMatchObject({ change: 'deprecated', breaking: false });
    expect(entryOf('required', 'POST /pets', 'request required property `species` added')).toMatchObject({ change: 'changed', breaking: true });
    expect(entryOf('docs', 'GET /pets/{id}', 'description edited')).toMatchObject({ change: 'changed', breaking: false });
    // The description edit breaks nothing, and is the only change of its commit.
    expect(entries({ commit: shas.docs! }).map((e) => `${e.key}: ${e.summary}`)).toEqual(['GET /pets/{id}: description edited']);
    // The file's creation is a base, not a flood of "added" entries.
    expect(entries({ commit: shas.initial! })).toEqual([]);
  });

  it('lists the changelog newest first, in history order, with the documented fields in order', () => {
    const order = repo.git('rev-list', '--first-parent', 'HEAD').trim().split('\n');
    const positions = wiki.changelog.map((e) => order.indexOf(e.commit));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(Object.keys(wiki.changelog[0]!)).toEqual(['repo', 'path', 'page', 'anchor', 'kind', 'key', 'change', 'breaking', 'from', 'to', 'summary', 'commit', 'authors', 'committedAt', 'pulls', 'tickets']);
    expect(Object.keys(wiki)).toEqual(['schemaVersion', 'generator', 'repos', 'pages', 'changelog']);
  });

  it('shows an operation its own recent changes, newest first, with a badge for the breaking one', () => {
    const head = sectionHead(html('/pets/api/pets.yaml/paths/pets/'), 'op-get-pets-id');
    expect(head).toContain('lw-section-history-breaking');
    const shown = text(head);
    expect(shown).toContain('3 changes');
    const order = ['docs', 'deprecated', 'retyped'].map((s) => shown.indexOf(shas[s]!.slice(0, 8)));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(shown).toContain('response 200 property `id` type changed from integer to string');
    expect(shown).toContain('by Grace Writer');
    expect(shown).toContain('All API changes');
    // Before/after: the description, word by word.
    expect(head).toMatch(/<pre class="lw-diff">[\s\S]*Returns one pet<ins> by its id<\/ins>\./);
    // Each change says whether it breaks: the description edit does not.
    expect(head).toMatch(/<li data-change="changed">description edited<\/li>/);
    expect(head).toMatch(/<li data-change="changed"><span class="lw-breaking">breaking<\/span> response 200 property/);
    const list = text(sectionHead(html('/pets/api/pets.yaml/paths/pets/'), 'op-get-pets'));
    expect(list).toContain('new optional query parameter `limit`');
    expect(list).toContain('by Bob Builder');
  });

  it('lists every change on the API changes page, removed operations included, filterable by date and release', () => {
    const page = html(api);
    const entriesHtml = page.slice(page.indexOf('<ol class="lw-changes'));
    for (const step of ['limit', 'removed', 'retyped', 'deprecated', 'required', 'docs']) {
      expect(entriesHtml, step).toContain(`id="c-${shas[step]!.slice(0, 12)}"`);
    }
    const order = ['docs', 'required', 'deprecated', 'retyped', 'removed', 'limit'].map((s) => entriesHtml.indexOf(`id="c-${shas[s]!.slice(0, 12)}"`));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page).toMatch(/<li id="op-delete-pets-id" class="lw-api-change lw-change-removed lw-api-change-breaking"[^>]*>[\s\S]*?operation removed<\/li>/);
    expect(page).toContain('data-committed="');
    expect(page).toContain('name="after"');
    expect(wiki.pages.find((p) => p.route === api)).toMatchObject({ kind: 'changes', title: 'API changes — Pets' });
  });
});

describe('change history of a configuration file', () => {
  it('follows a key through three values, a rename and a removal', () => {
    const key = (e: ChangelogEntry) => `${e.change} ${e.key}: ${e.from ?? '∅'} → ${e.to ?? '∅'}`;
    const timeout = wiki.changelog.filter((e) => e.path === 'config/app.yaml' && /timeout/.test(e.key));
    expect(timeout.map(key)).toEqual([
      'removed server.request_timeout: "90s" → ∅',
      'renamed server.request_timeout: server.timeout → server.request_timeout',
      'changed server.timeout: 60s → "90s"',
      'changed server.timeout: 45 → 60s',
      'changed server.timeout: 30 → 45',
    ]);
    expect(timeout.map((e) => e.commit)).toEqual([shas.dropped, shas.renamed, shas.t90, shas.t60, shas.t45]);
    const first = entryOf('t45', 'server.timeout', '`server.timeout` changed from `30` to `45`');
    expect(first).toMatchObject({ kind: 'config-key', breaking: null, page: '/pets/config/app.yaml/' });
    expect(first.tickets).toEqual([{ key: 'INC-77', url: 'https://tracker.example.com/browse/INC-77' }]);
    expect(first.pulls.map((p) => p.number)).toEqual([12]);
  });

  it('shows a key its value history on the page: "8080 → 9090 in #18 by Bob Builder, INC-80"', () => {
    const head = text(sectionHead(html('/pets/config/app.yaml/'), 'key-server.port'));
    expect(head).toContain('`server.port` changed from `8080` to `9090`');
    expect(head).toContain('#18');
    expect(head).toContain('INC-80');
    expect(head).toContain('by Bob Builder');
  });

  it('keeps secrets redacted exactly as the page does: in the changelog, the views and every file', () => {
    const endpoint = wiki.changelog.filter((e) => e.key === 'server.endpoint');
    expect(endpoint.map((e) => e.commit)).toEqual([shas.secret]);
    expect(endpoint[0]!.from).toBe('https://api.example.com');
    expect(endpoint[0]!.to).toMatch(/^https:\/\/admin:«redacted:[a-z-]+»@api\.example\.com$/);
    for (const [path, bytes] of readTree(out)) expect(bytes.includes(SECRET), path).toBe(false);
  });
});

describe('change history of a document', () => {
  it('shows both edits of a section edited twice, each with its diff', () => {
    const head = sectionHead(html('/pets/docs/guide/'), 'install');
    expect(text(head)).toContain('2 changes');
    expect(head).toMatch(/Run `<del>npm<\/del><ins>pnpm<\/ins> <del>install<\/del><ins>add<\/ins> pets`/);
    expect(head).toMatch(/Run `pnpm add <ins>--global <\/ins>pets`/);
    expect(entryOf('global', 'Install', 'section edited (+5 words)')).toMatchObject({ kind: 'heading', anchor: 'install', page: '/pets/docs/guide/' });
    expect(entryOf('pnpm', 'Install', 'section edited (+2 −2 words)').authors).toEqual([{ name: 'Carol Coder' }]);
    // The untouched section has no history.
    expect(sectionHead(html('/pets/docs/guide/'), 'usage')).toBeDefined();
  });
});

describe('builds', () => {
  it('a cached rebuild of the same commits is byte-identical to the cold build', async () => {
    const warm = join(out, '..', 'warm');
    const again = await build(await configFor(warm, cacheDir));
    expect(again.published).toBe(true);
    expect(treeDiff(readTree(out), readTree(warm))).toEqual([]);
  }, 240_000);

  it('after one more commit, compares only the new pair of versions', async () => {
    const store = (dir: string) => new CacheStore(dir, 'salt');
    const dir = join(out, '..', 'stage-cache');
    const model = async () => {
      const diagnostics = new Diagnostics();
      const m = await wikiModel(await configFor(join(out, '..', 'unused'), false), { diagnostics, store: store(dir), templates: createTemplateEnv() });
      return m!.changes;
    };
    const first = await model();
    expect(first.stats).toMatchObject({ reused: 0 });
    expect(first.stats.compared).toBeGreaterThanOrEqual(15);
    const s = spec();
    repo.write('api/pets.yaml', stringify({ ...s, info: { ...s.info, version: '2.0.0' } }));
    repo.commit({ message: 'Version 2', author: 'Alice Author <alice@example.com>' });
    const next = await model();
    expect(next.stats).toEqual({ compared: 1, reused: first.stats.compared, parsed: 2 });
  }, 120_000);
});

describe('a published link to an operation that is later removed', () => {
  it('answers on its old page with a link to the removal on the API changes page', async () => {
    const small = TestRepo.init();
    small.git('remote', 'add', 'origin', 'https://github.com/acme/small.git');
    try {
      const s = spec();
      small.write('api.json', JSON.stringify(s, null, 2));
      small.commit('Pets API');
      const site = join(tempDir('livewiki-removed-op-'), 'site');
      const first = await build(await loadConfig({ cwd: small.root, out: site, cache: false }));
      expect(first.published).toBe(true);
      delete s.paths['/pets/{id}'].delete;
      small.write('api.json', JSON.stringify(s, null, 2));
      const removal = small.commit({ message: 'Pets are never deleted (#9)', author: 'Carol Coder <carol@example.com>' });
      const second = await build(await loadConfig({ cwd: small.root, out: site, cache: false }));
      expect(second.published).toBe(true);
      const dir = 'small';
      const page = readFileSync(join(site, dir, 'api.json', 'paths', 'pets', 'index.html'), 'utf8');
      // Who removed it (the ledger) and a link to the removal on the API changes page.
      const item = /<li id="op-delete-pets-id">(.*?)<\/li>/.exec(page)?.[1] ?? '';
      expect(item).toContain('DELETE /pets/{id}: no longer on this page (removed by Carol Coder on ');
      expect(item).toContain(`${removal.slice(0, 8)}</code></a>: <span class="lw-subject">Pets are never deleted (#9)</span>)`);
      // Links are relative to the page (the site works under any path): resolved, it is the API changes page.
      const href = /; <a href="([^"]+)">see the change that removed it<\/a>$/.exec(item)?.[1] ?? '';
      expect(new URL(href, `https://wiki.example/${dir}/api.json/paths/pets/`).pathname + new URL(href, 'https://wiki.example/x/').hash).toBe(`/${dir}/api.json/changes/#op-delete-pets-id`);
      const changes = readFileSync(join(site, dir, 'api.json', 'changes', 'index.html'), 'utf8');
      expect(changes).toContain(`id="c-${removal.slice(0, 12)}"`);
      expect(changes).toMatch(/<li id="op-delete-pets-id" class="lw-api-change lw-change-removed/);
    } finally {
      small.cleanup();
    }
  }, 240_000);
});
