// Extraction caches (OpenAPI, configuration): a rebuild after a merge re-extracts only what the
// merge touched, and gives the pages and diagnostics of a build without cache.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillBody } from '../../src/render/body.ts';
import { CacheStore, type CacheCounts } from '../../src/cache/index.ts';
import { pageInputs, renderWikiPages } from '../../src/render/index.ts';
import type { ResolvedConfig } from '../../src/config/load.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import { makeFixtureWiki, widgetsApi, type FixtureWiki } from '../helpers/fixture-wiki.ts';
import { cleanupTemps, configOf, tempDir, treeOf } from './helpers.ts';

let fixture: FixtureWiki;
let config: ResolvedConfig;

const PETS = `openapi: 3.0.3
info:
  title: Pets
  version: '1'
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: Pets
          content:
            application/json:
              schema:
                $ref: './pet.yaml'
`;
const pet = (description: string) => `type: object\ndescription: ${description}\nproperties:\n  name:\n    type: string\n`;

beforeAll(async () => {
  fixture = makeFixtureWiki();
  fixture.repo
    .write('.nvmrc', '22\n')
    .write('api/pets.yaml', PETS)
    .write('api/pet.yaml', pet('A pet'))
    .write('config/app.toml', '[server]\nport = 8080 # listen here\n')
    .write('.env.example', 'DATABASE_URL=postgres://localhost/app\n');
  fixture.repo.commit({ message: 'Pets API, app config and runtime' });
  config = await configOf(fixture.repo);
}, 60_000);

afterAll(() => {
  fixture.repo.cleanup();
  cleanupTemps();
});

const provOptions = { showEmails: false };

/** A cached build and a build without cache of the same commit: same pages, same diagnostics. Returns the counts of the cached one. */
async function compare(store: CacheStore, at?: string): Promise<Record<string, CacheCounts>> {
  const before = store.stats().byKind;
  const pinned: ResolvedConfig = at === undefined ? config : { ...config, repos: config.repos.map((r) => ({ ...r, at })) };
  const cached = await treeOf(pinned, store);
  const fresh = await treeOf(pinned, null);
  const render = (t: typeof cached, cache: CacheStore | null) => renderWikiPages(pageInputs(t.tree, t.provenance), { templates: t.templates, provOptions, lostAnchors: {}, store: cache });
  expect(JSON.stringify(render(cached, store))).toBe(JSON.stringify(render(fresh, null)));
  const plain = (d: Diagnostics) => d.items.filter((x) => x.code !== 'I_CACHE_REBUILT');
  expect(plain(cached.diagnostics)).toEqual(plain(fresh.diagnostics));
  const after = store.stats().byKind;
  const delta: Record<string, CacheCounts> = {};
  for (const [kind, c] of Object.entries(after)) {
    const b = before[kind] ?? { hits: 0, misses: 0, rebuilt: 0, writes: 0 };
    delta[kind] = { hits: c.hits - b.hits, misses: c.misses - b.misses, rebuilt: c.rebuilt - b.rebuilt, writes: c.writes - b.writes };
  }
  return delta;
}

describe('extraction caches', () => {
  it('re-extract only the OpenAPI description and the configuration file a merge touched', async () => {
    const store = new CacheStore(tempDir(), 'salt');
    const cold = await compare(store);
    expect(cold.openapi).toMatchObject({ hits: 0, misses: 2 });
    expect(cold.config!.misses).toBeGreaterThanOrEqual(3);

    const warm = await compare(store);
    expect(warm.openapi).toMatchObject({ hits: 2, misses: 0 });
    expect(warm['openapi-discovery']).toMatchObject({ hits: 1, misses: 0 });
    expect(warm.config).toMatchObject({ misses: 0, hits: cold.config!.misses });
    expect(warm.render).toMatchObject({ misses: 0 });

    fixture.repo
      .write('api/openapi.yaml', widgetsApi('Create a widget, carefully'))
      .write('compose.yaml', 'services:\n  web:\n    # The public web server.\n    image: nginx:1.28\n    ports:\n      - "8080:80"\n')
      .write('README.md', '# Widgets\n\nWidgets make things better.\n\n## Install\n\nRun `npm install widgets`.\n\n## Usage\n\nCall `widget()`.\n');
    fixture.repo.commit({ message: 'OPS-12: one operation, one key, one doc' });
    const merge = await compare(store);
    expect(merge.openapi).toMatchObject({ hits: 1, misses: 1 });
    expect(merge.config).toMatchObject({ hits: cold.config!.misses - 1, misses: 1 });
    expect(merge.markdown).toMatchObject({ misses: 1 });
  });

  it('re-extract an API description when a file it $refs changes, and the Requirements page when a manifest does', async () => {
    const store = new CacheStore(tempDir(), 'salt');
    await compare(store);
    fixture.repo.write('api/pet.yaml', pet('A much loved pet')).write('.nvmrc', '24\n');
    fixture.repo.commit({ message: 'Pets are loved; newer node' });
    const next = await compare(store);
    expect(next.openapi).toMatchObject({ hits: 1, misses: 1 });
    // .nvmrc is no configuration page: every file entry hits, the Requirements page is rebuilt anyway.
    expect(next.config).toMatchObject({ misses: 0 });
    const { tree } = await treeOf(config, store);
    const requirements = tree.nodes.find((p) => p.page.kind === 'requirements')!;
    expect(fillBody(requirements.page.body, () => '')).toContain('24');
  });

  it('detect a corrupt OpenAPI entry, report it and rebuild it', async () => {
    const dir = tempDir();
    await compare(new CacheStore(dir, 'salt'));
    // The pages of a description are the body of its entry's version.
    const entries = readdirSync(join(dir, 'openapi-body'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.blob'));
    const file = join(dir, 'openapi-body', entries.find((f) => readFileSync(join(dir, 'openapi-body', f), 'utf8').includes('listPets'))!);
    // Still JSON, but the checksum no longer matches.
    writeFileSync(file, readFileSync(file, 'utf8').replace('listPets', 'listCats'));
    expect(readFileSync(file, 'utf8')).toContain('listCats');
    const diagnostics = new Diagnostics();
    const store = new CacheStore(dir, 'salt', diagnostics);
    const counts = await compare(store);
    expect(counts.openapi).toMatchObject({ hits: 1, misses: 1 });
    expect(counts['openapi-body']).toMatchObject({ rebuilt: 1 });
    expect(diagnostics.items.find((d) => d.code === 'I_CACHE_REBUILT')?.message).toContain('openapi');
    const again = await compare(new CacheStore(dir, 'salt'));
    expect(again.openapi).toMatchObject({ hits: 2, misses: 0 });
    expect(again['openapi-body']).toMatchObject({ rebuilt: 0 });
  });

  it('keep the OpenAPI results of two commits side by side: a pull request\'s base and head never replace each other\'s', async () => {
    const dir = tempDir();
    const store = new CacheStore(dir, 'salt');
    const base = fixture.repo.head();
    fixture.repo.write('api/pet.yaml', pet('A pet with a name')).write('api/pets.yaml', PETS.replace('title: Pets', 'title: Pet store'));
    const head = fixture.repo.commit({ message: 'Pets get names' });
    expect((await compare(store, base)).openapi).toMatchObject({ hits: 0, misses: 2 });
    // Only the changed description is extracted again; the other one is the same at both commits.
    expect((await compare(store, head)).openapi).toMatchObject({ hits: 1, misses: 1 });
    // Each side again, in turn: every description and the discovery come from the cache.
    for (const at of [base, head, base]) {
      const counts = await compare(store, at);
      expect(counts.openapi, at).toMatchObject({ hits: 2, misses: 0 });
      expect(counts['openapi-discovery'], at).toMatchObject({ hits: 1, misses: 0 });
    }
    // A run at one side prunes what it did not use, but not the other side's versions.
    const pruning = new CacheStore(dir, 'salt');
    await compare(pruning, head);
    expect(pruning.prune()).toBeGreaterThan(0);
    const counts = await compare(new CacheStore(dir, 'salt'), base);
    expect(counts.openapi).toMatchObject({ hits: 2, misses: 0 });
    expect(counts['openapi-discovery']).toMatchObject({ hits: 1, misses: 0 });
  });
});
