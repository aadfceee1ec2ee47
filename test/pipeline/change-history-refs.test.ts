// The change history of an OpenAPI description written over several files (issue 14 with the
// openapi branch's `$ref` resolver): a commit that changes only a file the root `$ref`s changes
// the API, and is classified on the operation that uses it, from the resolved spec as it was at
// each commit, with the commit and author git reports. A commit that touches no file of the spec
// changes nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CacheStore } from '../../src/cache/index.ts';
import { loadConfig } from '../../src/config/load.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { ChangelogEntry } from '../../src/output/changelog.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build, wikiModel, type BuildResult } from '../../src/pipeline/run.ts';
import { createTemplateEnv } from '../../src/render/handlebars.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { commitFacts } from '../helpers/git-truth.ts';
import { tempDir } from '../helpers/temp.ts';

const root = {
  openapi: '3.0.3',
  info: { title: 'Split pets', version: '1.0.0' },
  paths: {
    '/pets': { get: { operationId: 'listPets', responses: { '200': { description: 'The pets', content: { 'application/json': { schema: { type: 'array', items: { $ref: '../schemas/pet.yaml' } } } } } } } },
    '/pets/{id}': { $ref: 'paths/pet.yaml' },
  },
};
const pet = (idType: string, description = 'A pet.') => ({ type: 'object', description, required: ['id'], properties: { id: { type: idType }, name: { type: 'string' } } });
const petPath = (extra: object[] = []) => ({
  get: {
    operationId: 'getPet',
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }, ...extra],
    responses: { '200': { description: 'A pet', content: { 'application/json': { schema: { $ref: '../../schemas/pet.yaml' } } } } },
  },
});

const repo = TestRepo.init();
const shas: Record<string, string> = {};
let out: string;
let result: BuildResult;
let wiki: LivewikiJson;

beforeAll(async () => {
  repo.git('remote', 'add', 'origin', 'https://github.com/acme/split.git');
  const commit = (name: string, files: Record<string, object | string>, message: string, author: string) => {
    for (const [path, value] of Object.entries(files)) repo.write(path, typeof value === 'string' ? value : stringify(value));
    shas[name] = repo.commit({ message, author });
  };
  commit('initial', { 'api/openapi.yaml': root, 'api/paths/pet.yaml': petPath(), 'schemas/pet.yaml': pet('integer') }, 'Split pets API', 'Alice Author <alice@example.com>');
  commit('retyped', { 'schemas/pet.yaml': pet('string') }, 'Pet ids are strings (#41)', 'Bob Builder <bob@example.com>');
  commit('unrelated', { 'README.md': '# Split pets\n' }, 'Readme', 'Carol Coder <carol@example.com>');
  commit('required', { 'api/paths/pet.yaml': petPath([{ name: 'fields', in: 'query', required: true, schema: { type: 'string' } }]) }, 'getPet needs fields (#42)', 'Dan Dev <dan@example.com>');
  commit('described', { 'schemas/pet.yaml': pet('string', 'A pet in the shop.') }, 'Describe pets (#43)', 'Erin Editor <erin@example.com>');
  out = join(tempDir('livewiki-changes-refs-'), 'site');
  result = await build(await loadConfig({ cwd: repo.root, out, cache: false }));
  wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
}, 240_000);

afterAll(() => repo.cleanup());

const of = (path: string): ChangelogEntry[] => wiki.changelog.filter((e) => e.path === path);

describe('change history of a spec written over several files', () => {
  it('publishes, and follows the root through the commits of the files it $refs, not the others', () => {
    expect(result.published).toBe(true);
    const commits = [...new Set(of('api/openapi.yaml').map((e) => e.commit))];
    expect(commits).toEqual([shas.described, shas.required, shas.retyped]);
  });

  it('classifies a change made only in a $ref-ed schema file on the operations that use it, breaking, with the commit and author git reports', () => {
    const retyped = of('api/openapi.yaml').filter((e) => e.commit === shas.retyped);
    // The resolver names the schema file's schema `pet`: it changed, and so did both operations using it.
    expect(retyped.map((e) => `${e.kind} ${e.key}`).sort()).toEqual(['operation GET /pets', 'operation GET /pets/{id}', 'schema pet']);
    const facts = commitFacts(repo, shas.retyped!);
    for (const e of retyped) {
      expect(e).toMatchObject({ change: 'changed', breaking: true });
      expect(e.summary).toMatch(/type/i);
      expect(e.authors).toEqual([{ name: facts.authorName }]);
      expect(e.committedAt).toBe(facts.committedAt);
      expect(e.pulls.map((p) => p.number)).toEqual([41]);
    }
  });

  it('classifies a required parameter added in a $ref-ed path item file as breaking, and a description edit as not', () => {
    const required = of('api/openapi.yaml').filter((e) => e.commit === shas.required);
    expect(required).toHaveLength(1);
    expect(required[0]).toMatchObject({ key: 'GET /pets/{id}', change: 'changed', breaking: true });
    expect(required[0]!.summary).toContain('fields');
    const described = of('api/openapi.yaml').filter((e) => e.commit === shas.described);
    expect(described.length).toBeGreaterThan(0);
    expect(described.every((e) => e.breaking === false)).toBe(true);
  });

  it('lists the changes on the API changes page and shows the schema its before/after view, as resolved', () => {
    const changes = readFileSync(join(out, 'split', 'api', 'openapi.yaml', 'changes', 'index.html'), 'utf8');
    for (const step of ['retyped', 'required', 'described']) expect(changes, step).toContain(`id="c-${shas[step]!.slice(0, 12)}"`);
    expect(changes).not.toContain(`id="c-${shas.unrelated!.slice(0, 12)}"`);
    // The page's own last change is the newest commit to any file of the spec.
    expect(wiki.pages.find((p) => p.route === '/split/api/openapi.yaml/changes/')?.provenance).toMatchObject({ commit: shas.described });
    const schemas = readFileSync(join(out, 'split', 'api', 'openapi.yaml', 'schemas', 'index.html'), 'utf8');
    // The schema file's text as it was at each commit, word by word.
    expect(schemas).toMatch(/<pre class="lw-diff">[\s\S]*type: <del>integer<\/del><ins>string<\/ins>/);
    expect(schemas).toMatch(/<pre class="lw-diff">[\s\S]*A pet<ins> in the shop<\/ins>\./);
  });

  it('after one more commit to a $ref-ed file only, compares only the new pair, from the store', async () => {
    const dir = join(out, '..', 'stage-cache');
    const model = async () => {
      const m = await wikiModel(await loadConfig({ cwd: repo.root, out: join(out, '..', 'unused'), cache: false }), { diagnostics: new Diagnostics(), store: new CacheStore(dir, 'salt'), templates: createTemplateEnv() });
      return m!.changes;
    };
    const first = await model();
    expect(first.stats).toEqual({ compared: 3, reused: 0, parsed: 4 });
    repo.write('schemas/pet.yaml', stringify(pet('string', 'A pet in the shop, with a name.')));
    const sha = repo.commit({ message: 'Name pets (#44)', author: 'Frank Fixer <frank@example.com>' });
    const next = await model();
    expect(next.stats).toEqual({ compared: 1, reused: 3, parsed: 2 });
    expect(next.records.filter((r) => r.commit === sha).map((r) => `${r.kind} ${r.key}`)).toEqual(['schema pet']);
  }, 240_000);
});
