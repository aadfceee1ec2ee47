// The pipeline up to the rendered wiki pages, stage by stage as `build` runs it, so tests can
// render the same tree with and without the cache and compare the pages themselves.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedExtractConfigFile, cachedExtractMarkdown, cachedOpenApi, type CacheStore } from '../../src/cache/index.ts';
import { loadConfig, type ResolvedConfig } from '../../src/config/load.ts';
import { extractConfigFile } from '../../src/extract/config/index.ts';
import { extractMarkdown } from '../../src/extract/markdown/index.ts';
import { discoverOpenApi, extractOpenApi } from '../../src/extract/openapi/index.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import { extractRepo } from '../../src/pipeline/extract.ts';
import { overviewOf } from '../../src/pipeline/overview.ts';
import { attachOwners } from '../../src/pipeline/owners.ts';
import { attachAll } from '../../src/pipeline/provenance.ts';
import { buildTree, type WikiTree } from '../../src/pipeline/structure.ts';
import { createTemplateEnv, type TemplateEnv } from '../../src/render/handlebars.ts';
import { openSources } from '../../src/sources/open.ts';
import type { TestRepo } from '../helpers/git-repo.ts';

const temps: string[] = [];

export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'livewiki-cache-test-'));
  temps.push(d);
  return d;
}

export function cleanupTemps(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}

export async function configOf(repo: TestRepo): Promise<ResolvedConfig> {
  return { ...(await loadConfig({ cwd: repo.root, out: join(tempDir(), 'out'), cache: false })), tickets: { prefixes: ['OPS'], url: 'https://tracker.example.com/browse/{key}' } };
}

/** The provenance-complete tree `build` renders, extraction cached when a store is given. */
export async function treeOf(config: ResolvedConfig, store: CacheStore | null = null): Promise<{ tree: WikiTree; templates: TemplateEnv; diagnostics: Diagnostics }> {
  const diagnostics = new Diagnostics();
  const templates = createTemplateEnv();
  const sources = await openSources(config, diagnostics, null);
  const source = sources[0]!;
  const openapi = store ? cachedOpenApi(store, discoverOpenApi, extractOpenApi) : null;
  const pages = await extractRepo(source, templates, diagnostics, {
    ...(store ? { extractMarkdown: cachedExtractMarkdown(store, extractMarkdown), extractConfigFile: cachedExtractConfigFile(store, extractConfigFile) } : {}),
    ...(openapi ? { discoverOpenApi: openapi.discover, extractOpenApi: openapi.extract } : {}),
    typescriptCacheDir: null,
  });
  attachOwners(pages, source);
  const tree = buildTree('Wiki', [{ repo: source.id, title: source.title, pages }], diagnostics);
  const provOptions = { showEmails: config.showEmails };
  const root = tree.repoRoots.get(source.id);
  if (root) root.overview = overviewOf(source, config.recent, provOptions, diagnostics);
  await attachAll(tree, new Map([[source.id, source.history]]), sources, config.recent, provOptions);
  await source.close();
  return { tree, templates, diagnostics };
}
