// OpenAPI in the whole pipeline: every operation of the real-world corpus reaches livewiki.json
// once and resolves in the built site; operations and schemas get the provenance of their own
// lines, fragments included; one broken spec never takes the rest of the wiki down.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { Page } from '../../src/model/page.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build, type BuildResult } from '../../src/pipeline/run.ts';
import { expectedKeys } from '../extract/openapi-helpers.ts';
import { corpusPath } from '../helpers/corpus.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { commitFacts, firstParentOrder, lastChangeOfLines, lastChangeOfPath } from '../helpers/git-truth.ts';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

async function buildRepo(repo: TestRepo): Promise<{ result: BuildResult; wiki: LivewikiJson; out: string }> {
  const out = join(mkdtempSync(join(tmpdir(), 'livewiki-api-out-')), 'site');
  temps.push(join(out, '..'));
  const result = await build(await loadConfig({ cwd: repo.root, out }));
  return { result, wiki: JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson, out };
}

function anchorsOf(out: string, route: string): Set<string> {
  const html = readFileSync(join(out, decodeURIComponent(route), 'index.html'), 'utf8');
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
}

describe('the real-world OpenAPI corpus through the whole pipeline', () => {
  let repo: TestRepo;
  let wiki: LivewikiJson;
  let out: string;
  let result: BuildResult;

  beforeAll(async () => {
    repo = TestRepo.init();
    temps.push(repo.root);
    cpSync(corpusPath('openapi'), join(repo.root, 'openapi'), { recursive: true });
    repo.commit('Import the corpus');
    ({ wiki, out, result } = await buildRepo(repo));
  }, 300_000);

  it('publishes despite the specs that must be rejected, each error located by line and pointer', () => {
    expect(result.published).toBe(true);
    const rejected = result.diagnostics.filter((d) => d.severity === 'error');
    const failDocs = new Set(rejected.map((d) => d.file).filter((f) => f?.includes('/fail/')));
    expect(failDocs.size).toBeGreaterThan(10);
    for (const d of rejected) {
      expect(d.file, d.message).toMatch(/^openapi\//);
      expect(d.line, `${d.file}: ${d.message}`).toBeGreaterThan(0);
    }
    // langfuse.yml (OpenAPI 3.0.1) uses `const`, a 3.1 keyword: a real problem, reported, not fatal.
    expect(rejected.some((d) => d.file === 'openapi/langfuse.yml' && d.pointer?.startsWith('/components/schemas/'))).toBe(true);
  });

  it('lists every operation of every spec once, under its METHOD /path key, and its anchor resolves', () => {
    const overviews = wiki.pages.filter((p) => p.kind === 'openapi' && p.id.split('/openapi/').length === 2 && /\.(ya?ml|json)$/.test(p.id));
    const roots = overviews.map((p) => p.id.slice(p.id.indexOf('/openapi/') + '/openapi/'.length)).filter((r) => !r.startsWith('openapi/oas-schema-tests/'));
    expect(roots.length).toBeGreaterThan(30);
    let checked = 0;
    for (const root of roots) {
      const id = `${wiki.repos[0]!.id}/openapi/${root}`;
      const pages: Page[] = wiki.pages.filter((p) => p.id === id || p.id.startsWith(`${id}/`));
      const ops = pages.flatMap((p) => p.sections.filter((s) => s.kind === 'operation' && !s.key.includes(' webhook:')).map((s) => ({ page: p, s })));
      expect(ops.map((o) => o.s.key).sort(), root).toEqual(expectedKeys(root.slice('openapi/'.length), corpusPath('openapi')));
      for (const { page, s } of ops) {
        expect(anchorsOf(out, page.route).has(s.anchor), `${page.route}#${s.anchor}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(800); // 869 operations; PagerDuty's spec (not vendored: no licence) had brought it over 1,000
  });

  it('keeps every page of the huge specs under about 1 MB of HTML', () => {
    for (const p of wiki.pages.filter((x) => /twilio|box/.test(x.id))) {
      const file = join(out, decodeURIComponent(p.route), 'index.html');
      expect(existsSync(file), p.route).toBe(true);
      expect(readFileSync(file).length, p.route).toBeLessThan(1_100_000);
    }
  });
});

describe('provenance of operations and schemas', () => {
  const spec = (summary: string) => `openapi: 3.1.0
info:
  title: Pets
  version: '1'
paths:
  /pets:
    get:
      summary: ${summary}
      responses:
        '200':
          description: ok
    post:
      summary: Add a pet
      requestBody:
        content:
          application/json:
            schema:
              $ref: './schemas/pet.yaml'
      responses:
        '201':
          description: created
components:
  schemas:
    Owner:
      type: object
      properties:
        name:
          type: string
`;

  it('gives each operation and schema the newest blamed commit of its own lines, fragments included', async () => {
    const repo = TestRepo.init();
    temps.push(repo.root);
    repo.write('api/openapi.yaml', spec('List pets')).write('api/schemas/pet.yaml', 'type: object\nproperties:\n  name:\n    type: string\n');
    const first = repo.commit('Add the pets API');
    repo.write('api/openapi.yaml', spec('List all the pets'));
    const summary = repo.commit('Say what GET /pets lists (#7)');
    repo.write('api/schemas/pet.yaml', 'type: object\nproperties:\n  name:\n    type: string\n  age:\n    type: integer\n');
    const fragment = repo.commit('Pets have an age');
    const { wiki, result } = await buildRepo(repo);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

    const sections = wiki.pages.flatMap((p) => p.sections);
    const byKey = new Map(sections.map((s) => [s.key, s]));
    expect(byKey.get('GET /pets')!.provenance!.commit).toBe(summary);
    expect(byKey.get('POST /pets')!.provenance!.commit).toBe(fragment);
    expect(byKey.get('POST /pets')!.sources.map((s) => s.path)).toContain('api/schemas/pet.yaml');
    expect(byKey.get('Owner')!.provenance!.commit).toBe(first);

    // Every operation and schema, against git blame of each of its sources (git log for a source
    // that is a whole file, such as a schema in a file of its own).
    const order = firstParentOrder(repo);
    const apiSections = sections.filter((s) => s.kind === 'operation' || s.kind === 'schema');
    expect(apiSections.length).toBeGreaterThanOrEqual(3);
    for (const s of apiSections) {
      const expected = s.sources
        .map((src) => (src.lines ? lastChangeOfLines(repo, src.path, src.lines) : lastChangeOfPath(repo, src.path)))
        .sort((a, b) => order.get(a)! - order.get(b)!)[0]!;
      expect(s.provenance!.commit, s.key).toBe(expected);
      expect(s.provenance!.subject, s.key).toBe(commitFacts(repo, expected).subject);
    }
  });

  it('builds the rest of the wiki when one spec is broken, with a located error and a banner', async () => {
    const repo = TestRepo.init();
    temps.push(repo.root);
    repo
      .write('good/openapi.yaml', spec('List pets'))
      .write('good/schemas/pet.yaml', 'type: object\n')
      .write('bad/openapi.yaml', 'openapi: 3.1.0\ninfo:\n  title: [unclosed\n  version: 1\npaths: {}\n')
      .write('README.md', '# Two APIs\n\nOne is broken.\n');
    repo.commit('Two specs');
    const { wiki, result, out } = await buildRepo(repo);
    expect(result.published).toBe(true);
    const error = result.diagnostics.find((d) => d.severity === 'error' && d.file === 'bad/openapi.yaml');
    expect(error?.line).toBeGreaterThan(0);
    expect(wiki.pages.some((p) => p.sections.some((s) => s.key === 'GET /pets'))).toBe(true);
    expect(existsSync(join(out, wiki.repos[0]!.id, 'index.html'))).toBe(true);
  });
});
