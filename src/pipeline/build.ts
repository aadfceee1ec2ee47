// The runner: config → sources → history → extract → structure → provenance → render → site.
// Every stage collects diagnostics; one bad source never stops the others. `build` and `check`
// share it: with `publish: false` it stops before the site stage and checks the rendered pages
// instead (internal links and anchors, the secret gate). Progress goes to an observer; the
// pipeline never prints.

import { join } from 'node:path';
import { openCache, cachedExtractMarkdown, cachedExtractConfigFile, cachedOpenApi, renderWikiPages, type CacheStats } from '../cache/index.ts';
import { extractConfigFile } from '../extract/config/index.ts';
import { discoverOpenApi, extractOpenApi } from '../extract/openapi/index.ts';
import type { ResolvedConfig } from '../config/load.ts';
import { extractMarkdown } from '../extract/markdown/index.ts';
import { pruneTypeScriptCache } from '../extract/typescript/index.ts';
import { Diagnostics, type Diagnostic } from '../model/diagnostics.ts';
import type { ExtractedPage } from '../model/extracted.ts';
import type { SiteBundle } from '../model/site.ts';
import { keepLedger, LEDGER_FILE, readLedger, serializeLedger } from '../ledger/ledger.ts';
import { addLostAnchors, ledgerPages } from '../ledger/pages.ts';
import { carryLedger } from '../ledger/resolve.ts';
import { livewikiJson, pageRecord } from '../output/livewiki-json.ts';
import type { RepoHistory } from '../provenance/types.ts';
import { createTemplateEnv } from '../render/handlebars.ts';
import { buildSite, selectPages, type SiteStage, type SiteStageInfo } from '../site/build.ts';
import { openSources, type RepoSource } from '../sources/open.ts';
import { extractRepo } from './extract.ts';
import { attachOwners } from './owners.ts';
import { attachAll } from './provenance.ts';
import { redactPages, redactRecords } from './redact.ts';
import { overviewOf } from './overview.ts';
import { buildTree } from './structure.ts';
import { collectTimeline, timelineRoute } from './timeline.ts';
import { renderTimeline } from '../render/timeline.ts';
import { GENERATOR } from './generator.ts';
import { checkLinks, type PageOrigin } from './links.ts';
import { stageClock, type ProgressObserver, type StageName } from './progress.ts';
import { checkSecrets } from './secrets-check.ts';

export interface BuildResult {
  diagnostics: Diagnostic[];
  pages: number;
  outDir: string;
  published: boolean;
  /** Set when the build stopped before publishing: `config` (exit 2) or `sources` (exit 1). */
  fatal: 'config' | 'sources' | null;
  /** Sections over all pages. */
  sections: number;
  /** Milliseconds per stage (terminal and summary only; never in the output). */
  timings: Record<string, number>;
  /** Cache hits and misses per kind; null when caching is off. */
  cache: CacheStats | null;
  /** True for a run with `publish: false` (`livewiki check`). */
  checkOnly: boolean;
  /** Root folder of each repository by id (reporters turn repo-relative paths into workspace paths). */
  repoRoots: Record<string, string>;
}

export interface RunOptions {
  /** False for `livewiki check`: everything but the site build and publishing. Default true. */
  publish?: boolean;
  /** Receives stage starts and ends (the CLI draws them). */
  onProgress?: ProgressObserver;
}

/** `SOURCE_DATE_EPOCH` (seconds, digits only, per reproducible-builds.org) as ISO 8601, else null. */
export function sourceDateEpoch(value: string | undefined): string | null {
  if (value === undefined || !/^\d{1,12}$/.test(value.trim())) return null;
  return new Date(Number(value.trim()) * 1000).toISOString();
}

export async function build(config: ResolvedConfig, options: RunOptions = {}): Promise<BuildResult> {
  const publish = options.publish ?? true;
  const diagnostics = new Diagnostics();
  const clock = stageClock(options.onProgress);
  const cache = openCache(config, diagnostics);
  const templates = createTemplateEnv({ overridesDir: config.templatesDir });
  const provOptions = { showEmails: config.showEmails };
  const finish = (partial: Pick<BuildResult, 'pages' | 'outDir' | 'published' | 'fatal'> & { sections?: number }): BuildResult => ({
    diagnostics: diagnostics.items,
    sections: 0,
    ...partial,
    timings: clock.timings,
    cache: cache?.stats() ?? null,
    checkOnly: !publish,
    repoRoots: Object.fromEntries(opened.map((s) => [s.id, s.root])),
  });
  let opened: RepoSource[] = [];

  clock.start('sources');
  const sources: RepoSource[] = await openSources(config, diagnostics, cache);
  opened = sources;
  clock.end('sources', { count: sources.reduce((n, s) => n + s.paths.length, 0), unit: 'files', detail: cacheDetail(cache?.stats(), 'history') });
  if (sources.length === 0) {
    return finish({ pages: 0, outDir: config.outDir, published: false, fatal: 'sources' });
  }

  // Entries this run did not use are dropped, but only when every repository was read.
  const typescriptCacheUsed = new Set<string>();
  const pruneCache = () => {
    if (!cache || sources.length !== config.repos.length) return;
    cache.prune();
    if (config.cacheDir) pruneTypeScriptCache(join(config.cacheDir, '_typedoc'), typescriptCacheUsed);
  };
  clock.start('extract');
  const openapi = cache ? cachedOpenApi(cache, discoverOpenApi, extractOpenApi) : null;
  const extractOptions = {
    ...(cache ? { extractMarkdown: cachedExtractMarkdown(cache, extractMarkdown), extractConfigFile: cachedExtractConfigFile(cache, extractConfigFile) } : {}),
    ...(openapi ? { discoverOpenApi: openapi.discover, extractOpenApi: openapi.extract } : {}),
    // TypeDoc's own cache (digest of the package's inputs); `_` keeps it out of the store's
    // pruning, it is pruned on its own below.
    typescriptCacheDir: config.cacheDir ? join(config.cacheDir, '_typedoc') : null,
    typescriptCacheUsed,
  };
  const histories = new Map<string, RepoHistory>();
  const repoPages: { repo: string; title: string; pages: ExtractedPage[] }[] = [];
  for (const source of sources) {
    histories.set(source.id, source.history);
    const pages = await extractRepo(source, templates, diagnostics, extractOptions);
    attachOwners(pages, source);
    repoPages.push({ repo: source.id, title: source.title, pages });
  }
  clock.end('extract', { count: repoPages.reduce((n, r) => n + r.pages.length, 0), unit: 'pages', detail: cacheDetail(cache?.stats(), 'markdown', 'openapi', 'config') });

  clock.start('structure');
  const title = config.title ?? (sources.length === 1 ? sources[0]!.title : 'Wiki');
  const tree = buildTree(title, repoPages, diagnostics);
  clock.end('structure', { count: tree.all.length, unit: 'pages' });
  clock.start('provenance');
  for (const source of sources) {
    const root = tree.repoRoots.get(source.id);
    if (root) root.overview = overviewOf(source, config.recent, provOptions, diagnostics);
  }
  await attachAll(tree, histories, sources, config.recent, provOptions);
  const sections = tree.all.reduce((n, p) => n + p.page.sections.length, 0);
  clock.end('provenance', { count: sections, unit: 'sections', detail: cacheDetail(cache?.stats(), 'blame') });

  clock.start('render');
  const records = tree.all.map((p) => pageRecord(p, provOptions));
  redactRecords(records, diagnostics);
  // Every URL published before keeps answering: live, redirected or a tombstone (DESIGN §4).
  // The previous output carries the ledger; the cache keeps a copy for CI runs that start without it.
  const previous = readLedger(config.outDir, diagnostics) ?? (config.cacheDir ? readLedger(config.cacheDir, diagnostics) : null);
  const carried = carryLedger(previous, records, histories);
  // Wiki pages: rendered, lost anchors added and redacted one by one, from the cache when unchanged.
  const wikiPages = renderWikiPages(tree.all, { templates, provOptions, lostAnchors: carried.lostAnchors, cache });
  // Recent-changes timeline (site-wide, paginated; not part of livewiki.json).
  const changesRoute = timelineRoute(tree);
  const otherPages = renderTimeline(collectTimeline(tree, histories), templates, { ...provOptions, route: changesRoute, homeTitle: title, repos: sources.map((s) => s.id) });
  addLostAnchors(otherPages, carried, templates);
  otherPages.push(...ledgerPages(carried, templates));
  for (const note of wikiPages.notes) diagnostics.add(note);
  redactPages(otherPages, diagnostics);
  const sitePages = [...wikiPages.pages, ...otherPages];
  const repoRecords = sources.map((s) => ({ id: s.id, head: s.head, shallow: s.shallow, url: s.links.web }));
  const newestLanded = sources
    .map((s) => s.headCommittedAt)
    .filter((d): d is string => d !== null)
    .sort()
    .at(-1);
  clock.end('render', { count: sitePages.length, unit: 'pages', detail: cacheDetail(cache?.stats(), 'render') });
  const bundle: SiteBundle = {
    title,
    site: config.site,
    pages: sitePages,
    headerLinks: [{ title: 'Recent changes', route: changesRoute }],
    assets: (await Promise.all(sources.map((s) => s.assets()))).flat(),
    files: [
      { outPath: 'livewiki.json', content: livewikiJson(records, repoRecords, GENERATOR) },
      { outPath: LEDGER_FILE, content: serializeLedger(carried.ledger) },
    ],
    footer: {
      commits: sources.map((s) => ({ repo: s.id, sha: s.head, url: s.head && s.links.commit ? s.links.commit.replace('{sha}', s.head) : null })),
      builtAt: sourceDateEpoch(process.env.SOURCE_DATE_EPOCH) ?? newestLanded ?? null,
      generator: `${GENERATOR.name} ${GENERATOR.version}`,
    },
  };

  if (!publish) {
    // `check`: the site build is skipped; links and secrets are checked on the rendered bodies.
    const { origins, sourcesOf } = originsOf(tree.all.map((p) => ({ route: p.page.route, sources: p.page.sources })));
    const bySource = new Map(sources.map((s) => [s.id, s]));
    const readSource = (o: PageOrigin): string | null => bySource.get(o.repo)?.read(o.path) ?? null;
    const pages = selectPages(bundle.pages, diagnostics);
    clock.start('links');
    const links = checkLinks({ pages, files: [...bundle.files.map((f) => f.outPath), ...bundle.assets.map((a) => a.outPath)], originOf: origins, readSource }, diagnostics);
    clock.end('links', { count: links.links, unit: 'links', detail: `${links.broken} broken` });
    clock.start('secrets');
    const found = checkSecrets(
      { bundle: { ...bundle, pages }, sourcesOf, readSource, reported: [...diagnostics.items], allowedFingerprints: new Set(config.allowedSecrets) },
      diagnostics,
    );
    clock.end('secrets', { count: found, unit: 'findings' });
    for (const s of sources) await s.close();
    pruneCache();
    return finish({ pages: pages.length, sections, outDir: config.outDir, published: false, fatal: null });
  }

  let current: SiteStage | null = null;
  const onStage = (stage: SiteStage) => {
    current = stage;
    clock.start(`site:${stage}` as StageName);
  };
  const onStageDone = (stage: SiteStage, info: SiteStageInfo) => {
    current = null;
    clock.end(`site:${stage}` as StageName, info);
  };
  const site = await buildSite(bundle, { outDir: config.outDir, diagnostics, onStage, onStageDone, allowedSecretFingerprints: config.allowedSecrets, cache });
  // A stage that failed never reported its end.
  if (current) clock.end(`site:${current}` as StageName);
  if (site.published && config.cacheDir) keepLedger(config.cacheDir, serializeLedger(carried.ledger), diagnostics);
  for (const s of sources) await s.close();
  pruneCache();
  return finish({
    pages: site.pages,
    sections,
    outDir: site.outDir ?? config.outDir,
    published: site.published,
    fatal: site.published ? null : 'sources',
  });
}

/** `hits/total cached` over some cache kinds, for progress lines. */
function cacheDetail(stats: CacheStats | undefined, ...kinds: string[]): string | undefined {
  let hits = 0;
  let total = 0;
  for (const kind of kinds) {
    const c = stats?.byKind[kind];
    if (!c) continue;
    hits += c.hits;
    total += c.hits + c.misses + c.rebuilt;
  }
  return total === 0 ? undefined : `${hits}/${total} cached`;
}

/** Route → sources of the page that owns it (paginated `…/page/N/` routes included). */
function originsOf(pages: { route: string; sources: readonly { repo: string; path: string }[] }[]) {
  const byRoute = new Map<string, PageOrigin[]>();
  for (const p of pages) if (p.sources.length > 0) byRoute.set(p.route, p.sources.map((s) => ({ repo: s.repo, path: s.path })));
  const sourcesOf = (route: string): PageOrigin[] => byRoute.get(route) ?? byRoute.get(route.replace(/page\/\d+\/$/, '')) ?? [];
  return { sourcesOf, origins: (route: string): PageOrigin | null => sourcesOf(route)[0] ?? null };
}
