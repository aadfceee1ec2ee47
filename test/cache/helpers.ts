// The pipeline up to the wiki model (tree and provenance) as `build` runs it, so tests can
// render the same model with and without the cache and compare the pages themselves.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CacheStore } from '../../src/cache/index.ts';
import { loadConfig, type ResolvedConfig } from '../../src/config/load.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { WikiProvenance, WikiTree } from '../../src/model/wiki.ts';
import { wikiModel } from '../../src/pipeline/run.ts';
import { createTemplateEnv, type TemplateEnv } from '../../src/render/handlebars.ts';
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
export async function treeOf(config: ResolvedConfig, store: CacheStore | null = null): Promise<{ tree: WikiTree; provenance: WikiProvenance; templates: TemplateEnv; diagnostics: Diagnostics }> {
  const diagnostics = new Diagnostics();
  const templates = createTemplateEnv();
  const model = await wikiModel(config, { diagnostics, store, templates });
  if (!model) throw new Error(`no repository: ${JSON.stringify(diagnostics.items)}`);
  return { tree: model.tree, provenance: model.provenance, templates, diagnostics };
}
