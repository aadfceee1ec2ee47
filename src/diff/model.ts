// The wiki at a commit, for `livewiki diff`: the pipeline's own stages run on git objects alone
// (each repository pinned to a commit: no working tree, no index), never a site.
// - The head: the runner's model (snapshot → history → extract → structure → provenance, with
//   file-level attribution: the diff compares content and needs no blame), its records, the
//   ledger carried over them and the rendered bodies (for the link check).
// - The base: the same stages (file-level provenance: its stale marks are compared with the
//   head's), its page records; its history index has a cache slot of its own.
// The head is built first: the base's unchanged sources then come from the extraction cache.

import type { ResolvedConfig } from '../config/load.ts';
import type { ExtractedRepo } from '../extract/index.ts';
import type { CacheStore } from '../cache/index.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { Page } from '../model/page.ts';
import type { TemplateRenderer } from '../model/templates.ts';
import type { WikiTree } from '../model/wiki.ts';
import { pageRecords } from '../output/records.ts';
import { wikiModel, type WikiModel } from '../pipeline/run.ts';
import type { OpenedRepo } from '../snapshot/open.ts';

/** The configuration with every repository pinned: `pins` by repository path. */
export function pinned(config: ResolvedConfig, pins: ReadonlyMap<string, string>): ResolvedConfig {
  return { ...config, deepen: false, repos: config.repos.map((r) => (pins.has(r.path) ? { ...r, at: pins.get(r.path)! } : r)) };
}

export interface ModelDeps {
  diagnostics: Diagnostics;
  store: CacheStore | null;
  templates: TemplateRenderer;
}

export async function headModel(config: ResolvedConfig, deps: ModelDeps): Promise<WikiModel | null> {
  // No change history (the base has none either: its API changes pages would all look added);
  // the pull request's own API changes are compared directly (api.ts).
  return wikiModel({ ...config, changes: { depth: 0, releases: 0 } }, { ...deps, attribution: 'files' });
}

export interface BaseModel {
  repos: OpenedRepo[];
  extracted: ExtractedRepo[];
  tree: WikiTree;
  pages: Page[];
}

export async function baseModel(config: ResolvedConfig, deps: ModelDeps): Promise<BaseModel | null> {
  // The same stages as the head (file-level provenance, no change history): what was stale at the
  // base is compared with the head's stale marks.
  // Its history index has a cache slot of its own: the head's would be replaced at every run.
  const model = await wikiModel({ ...config, changes: { depth: 0, releases: 0 } }, { ...deps, attribution: 'files', historySlot: 'diff-base' });
  if (model === null) return null;
  const pages = pageRecords(model.tree, model.provenance, { showEmails: false }, deps.diagnostics);
  return { repos: model.repos, extracted: model.extracted, tree: model.tree, pages };
}
