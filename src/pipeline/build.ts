// The runner: config → sources → history → extract → structure → provenance → render → site.
// Every stage collects diagnostics; one bad source never stops the others.

import type { ResolvedConfig } from '../config/load.ts';
import { Diagnostics, type Diagnostic } from '../model/diagnostics.ts';
import type { ExtractedPage } from '../model/extracted.ts';
import type { SiteBundle } from '../model/site.ts';
import { livewikiJson } from '../output/livewiki-json.ts';
import type { RepoHistory } from '../provenance/types.ts';
import { createTemplateEnv } from '../render/handlebars.ts';
import { renderPage } from '../render/page.ts';
import { buildSite } from '../site/build.ts';
import { openSources, type RepoSource } from '../sources/open.ts';
import { extractRepo } from './extract.ts';
import { attachAll } from './provenance.ts';
import { overviewOf } from './overview.ts';
import { buildTree } from './structure.ts';
import { GENERATOR } from './generator.ts';

export interface BuildResult {
  diagnostics: Diagnostic[];
  pages: number;
  outDir: string;
  published: boolean;
  /** Set when the build stopped before publishing: `config` (exit 2) or `sources` (exit 1). */
  fatal: 'config' | 'sources' | null;
}

export async function build(config: ResolvedConfig): Promise<BuildResult> {
  const diagnostics = new Diagnostics();
  const templates = createTemplateEnv({ overridesDir: config.templatesDir });
  const provOptions = { showEmails: config.showEmails };

  const sources: RepoSource[] = await openSources(config, diagnostics);
  if (sources.length === 0) {
    return { diagnostics: diagnostics.items, pages: 0, outDir: config.outDir, published: false, fatal: 'sources' };
  }

  const histories = new Map<string, RepoHistory>();
  const repoPages: { repo: string; title: string; pages: ExtractedPage[] }[] = [];
  for (const source of sources) {
    histories.set(source.id, source.history);
    repoPages.push({ repo: source.id, title: source.title, pages: await extractRepo(source, templates, diagnostics) });
  }

  const title = config.title ?? (sources.length === 1 ? sources[0]!.title : 'Wiki');
  const tree = buildTree(title, repoPages, diagnostics);
  for (const source of sources) {
    const root = tree.repoRoots.get(source.id);
    if (root) root.overview = overviewOf(source, config.recent, provOptions, diagnostics);
  }
  await attachAll(tree, histories, sources, config.recent, provOptions);

  const sitePages = tree.all.flatMap((p) => renderPage(p, templates, provOptions));
  const repoRecords = sources.map((s) => ({ id: s.id, head: s.head, shallow: s.shallow, url: s.links.web }));
  const newestLanded = sources
    .map((s) => s.headCommittedAt)
    .filter((d): d is string => d !== null)
    .sort()
    .at(-1);
  const bundle: SiteBundle = {
    title,
    pages: sitePages,
    assets: (await Promise.all(sources.map((s) => s.assets()))).flat(),
    files: [{ outPath: 'livewiki.json', content: livewikiJson(tree.all, repoRecords, GENERATOR, provOptions) }],
    footer: {
      commits: sources.map((s) => ({ repo: s.id, sha: s.head, url: s.head && s.links.commit ? s.links.commit.replace('{sha}', s.head) : null })),
      builtAt: process.env.SOURCE_DATE_EPOCH ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000).toISOString() : (newestLanded ?? null),
      generator: `${GENERATOR.name} ${GENERATOR.version}`,
    },
  };

  const site = await buildSite(bundle, { outDir: config.outDir, diagnostics });
  for (const s of sources) await s.close();
  return {
    diagnostics: diagnostics.items,
    pages: site.pages,
    outDir: site.outDir ?? config.outDir,
    published: site.published,
    fatal: site.published ? null : 'sources',
  };
}
