// The runner: one call per stage, each timed and reported to the progress observer.
//
//   config → snapshot → history → extract → changes → structure → provenance → stale → output
//          → ledger → render → feeds → check → site
//
// Stages hand plain data to each other (README, "Architecture"); the runner only wires them, does
// the I/O at the edges (the previous ledger, staging images) and never prints. `check` is the
// same pipeline stopped before the site, with links and secrets checked on the rendered pages.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openCache, type CacheStats, type CacheStore } from '../cache/index.ts';
import { semanticHistory } from '../changes/stage.ts';
import { checkLinksOf, checkSecretsOf, type CheckInput } from '../check/index.ts';
import { checkNames } from '../check/secrets.ts';
import type { ResolvedConfig } from '../config/load.ts';
import { extractRepo, pagesOf, type ExtractedRepo } from '../extract/index.ts';
import { commitOf } from '../history/query.ts';
import { loadMerges } from '../history/merges.ts';
import { readHistory } from '../history/read.ts';
import { keepLedger, LEDGER_FILE, ledgerStage, serializeLedger, type LedgerResult } from '../ledger/index.ts';
import { hostRedirectFiles, type HostFile } from '../ledger/hosts.ts';
import { Diagnostics, type Diagnostic } from '../model/diagnostics.ts';
import { GENERATOR } from '../model/generator.ts';
import type { SemanticHistory } from '../model/changes.ts';
import type { RepoHistory } from '../model/history.ts';
import { assetPath } from '../model/ids.ts';
import type { Page } from '../model/page.ts';
import type { SiteAsset, SiteBundle } from '../model/site.ts';
import type { TemplateRenderer } from '../model/templates.ts';
import type { WikiProvenance, WikiTree } from '../model/wiki.ts';
import { changelogEntries, type ChangelogEntry } from '../output/changelog.ts';
import { livewikiJson } from '../output/livewiki-json.ts';
import { pageRecords } from '../output/records.ts';
import { attachProvenance, fileAttribution, lineAttribution, type Histories } from '../provenance/index.ts';
import { createTemplateEnv } from '../render/handlebars.ts';
import { renderSite } from '../render/index.ts';
import { redactDiagnostic } from '../secrets/index.ts';
import { feedLinksFor, feedStage } from '../feeds/index.ts';
import { staleStage, withStale } from '../stale/index.ts';
import { buildSite, selectPages, type SiteStage, type SiteStageInfo } from '../site/build.ts';
import { holdOutDir, type Lock } from '../site/lock.ts';
import { openSnapshots, type OpenedRepo } from '../snapshot/open.ts';
import { buildTree, projectTitle } from '../structure/index.ts';
import { trackLeftover } from '../utils/interrupt.ts';
import { stageClock, type ProgressObserver, type StageClock, type StageName } from './progress.ts';

export interface BuildResult {
  diagnostics: Diagnostic[];
  pages: number;
  outDir: string;
  published: boolean;
  /** Set when the build stopped before publishing because no repository could be read. */
  fatal: 'sources' | null;
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
  /** The footer's time when set (`SOURCE_DATE_EPOCH`, read by the CLI); else the newest built commit's. */
  builtAt?: string | null;
}

/** `SOURCE_DATE_EPOCH` (seconds, digits only, per reproducible-builds.org) as ISO 8601, else null. */
export function sourceDateEpoch(value: string | undefined): string | null {
  if (value === undefined || !/^\d{1,12}$/.test(value.trim())) return null;
  return new Date(Number(value.trim()) * 1000).toISOString();
}

/** Times a stage and reports it; `info` turns its result into the progress line's counts. */
async function stage<T>(clock: StageClock, name: StageName, work: () => T | Promise<T>, info?: (result: T) => { count?: number; unit?: string; detail?: string | undefined }): Promise<T> {
  clock.start(name);
  const result = await work();
  const details = info?.(result) ?? {};
  clock.end(name, Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)));
  return result;
}

export async function build(config: ResolvedConfig, options: RunOptions = {}): Promise<BuildResult> {
  const publish = options.publish ?? true;
  const diagnostics = new Diagnostics();
  const clock = stageClock(options.onProgress);
  const store = await openCache(config.cacheDir, config.repos.map((r) => r.path), diagnostics);
  const templates = createTemplateEnv({ overridesDir: config.templatesDir });
  const provOptions = { showEmails: config.showEmails };
  let repos: OpenedRepo[] = [];
  let staged: string | null = null;
  let untrackStaged = (): void => {};
  let held: Lock | null = null;
  const finish = (partial: Pick<BuildResult, 'pages' | 'outDir' | 'published' | 'fatal'> & { sections?: number }): BuildResult => ({
    // Diagnostics quote what the repository holds (link targets, $refs, file names): what leaves
    // the run has its secret-looking values replaced by markers (D10), as do the reporters.
    diagnostics: diagnostics.items.map(redactDiagnostic),
    sections: 0,
    ...partial,
    timings: clock.timings,
    cache: store?.stats() ?? null,
    checkOnly: !publish,
    repoRoots: Object.fromEntries(repos.map((r) => [r.snapshot.id, r.snapshot.root])),
  });

  try {
    const model = await wikiModel(config, { diagnostics, store, templates, clock, onRepos: (r) => (repos = r) });
    if (model === null) return finish({ pages: 0, outDir: config.outDir, published: false, fatal: 'sources' });
    const { histories, extracted, changes, tree, provenance, title } = model;

    const records: Page[] = await stage(clock, 'output', () => pageRecords(tree, provenance, provOptions, diagnostics), (r) => ({ count: r.length, unit: 'records' }));
    const changelog: ChangelogEntry[] = changelogEntries(changes.records, histories, provOptions, diagnostics);

    // The output folder is locked before its ledger is read, so a concurrent build's URLs are carried (D13).
    if (publish) {
      held = await holdOutDir(config.outDir, diagnostics);
      if (held === null) return finish({ pages: 0, outDir: config.outDir, published: false, fatal: 'sources' });
    }
    // Every URL published before keeps answering: live, redirected, unavailable or a tombstone (DESIGN §4).
    // The previous output carries the ledger; the cache keeps a copy for CI runs that start without it.
    const ledger: LedgerResult = await stage(
      clock,
      'ledger',
      () =>
        ledgerStage(
          { outDir: config.outDir, cacheDir: store?.dir ?? null, pages: records, histories, repos: repos.map((r) => r.snapshot), allReposRead: repos.length === config.repos.length, reported: diagnostics.items },
          diagnostics,
        ),
      (l) => ({ count: l.ledger.entries.length, unit: 'URLs', detail: `${l.redirects.length} redirects, ${l.tombstones.length} tombstones${l.unavailable.length > 0 ? `, ${l.unavailable.length} unavailable` : ''}` }),
    );

    const rendered = await stage(
      clock,
      'render',
      () => renderSite({ tree, provenance, histories, ledger, repos: repos.map((r) => r.snapshot.id), provOptions, changes }, { templates, store, diagnostics }),
      (r) => ({ count: r.pages.length, unit: 'pages', detail: cacheDetail(store, 'render') }),
    );
    // A template override that failed while rendering is a configuration error (exit 2), located
    // in the template, even where an extractor reported it as a problem of its source.
    if (templates.failure) throw templates.failure;

    if (extracted.some((e) => e.assets.length > 0)) {
      staged = await mkdtemp(join(tmpdir(), 'livewiki-assets-'));
      untrackStaged = trackLeftover(staged); // removed on SIGINT/SIGTERM too
    }
    const bundle: SiteBundle = {
      title,
      site: config.site,
      pages: rendered.pages,
      headerLinks: rendered.headerLinks,
      assets: staged ? await stageAssets(repos, extracted, staged, diagnostics) : [],
      files: [
        { outPath: 'livewiki.json', content: livewikiJson(records, repos.map(({ snapshot: s }) => ({ id: s.id, head: s.head, shallow: s.shallow, url: s.links.web })), GENERATOR, changelog) },
        { outPath: LEDGER_FILE, content: serializeLedger(ledger.ledger) },
        ...serverRedirects(ledger, config, diagnostics),
      ],
      footer: {
        commits: repos.map(({ snapshot: s }) => ({ repo: s.id, sha: s.head, url: s.head && s.links.commit ? s.links.commit.replace('{sha}', s.head) : null })),
        builtAt: options.builtAt ?? newestLanded(repos, histories),
        generator: `${GENERATOR.name} ${GENERATOR.version}`,
      },
    };
    const sections = sectionCount(tree);
    // A secret in a name that becomes a URL (file name, tag, operationId, key): said at its source
    // here; the output gate (or check) refuses to publish it.
    checkNames(tree, diagnostics, new Set(config.allowedSecrets));

    // Internal links and #anchors are checked for `build` as for `check` (D6): a broken one is a
    // located error (exit 1) but does not stop publishing (README, "Broken links").
    const byRepo = new Map(repos.map((r) => [r.snapshot.id, r.files]));
    // Unusable routes are reported once: by the site stage when it runs.
    const pages = selectPages(bundle.pages, publish ? new Diagnostics() : diagnostics);
    const input: CheckInput = { bundle, pages, tree, readSource: (o) => byRepo.get(o.repo)?.read(o.path) ?? null, allowedSecrets: config.allowedSecrets };
    await stage(clock, 'links', () => checkLinksOf(input, diagnostics), (l) => ({ count: l.links, unit: 'links', detail: `${l.broken} broken` }));

    if (!publish) {
      // `check`: the site build is skipped; secrets are checked on the rendered bodies.
      await stage(clock, 'secrets', () => checkSecretsOf(input, diagnostics), (n) => ({ count: n, unit: 'findings' }));
      if (repos.length === config.repos.length) store?.prune();
      return finish({ pages: input.pages.length, sections, outDir: config.outDir, published: false, fatal: null });
    }

    // Feeds and sitemap (issue 15.2): written with the site only (`check` publishes nothing).
    const feeds = await stage(
      clock,
      'feeds',
      () =>
        feedStage({
          title,
          records,
          repos: repos.map((r) => ({ id: r.snapshot.id, history: histories.get(r.snapshot.id)!, diff: { git: r.git, history: histories.get(r.snapshot.id)!, templates, store } })),
          base: config.site,
          generator: GENERATOR,
          options: provOptions,
          routes: rendered.pages.map((p) => p.route),
        }),
      (f) => ({ count: f.files.length, unit: 'files', detail: cacheDetail(store, 'semantic-diff') }),
    );
    bundle.files.push(...feeds.files);
    const byRoute = new Map(records.map((r) => [r.route, r]));
    for (const page of bundle.pages) {
      if (page.redirect) continue;
      const found = feedLinksFor(page, byRoute.get(page.route), feeds.links);
      if (found.length > 0) page.feeds = found;
    }

    let current: SiteStage | null = null;
    const site = await buildSite(bundle, {
      outDir: config.outDir,
      diagnostics,
      onStage: (s: SiteStage) => {
        current = s;
        clock.start(`site:${s}`);
      },
      onStageDone: (s: SiteStage, info: SiteStageInfo) => {
        current = null;
        clock.end(`site:${s}`, info);
      },
      allowedSecretFingerprints: config.allowedSecrets,
      cache: store,
      ...(held ? { lock: held } : {}),
    });
    // A stage that failed never reported its end.
    if (current) clock.end(`site:${current}`);
    if (site.published && store) keepLedger(store.dir, serializeLedger(ledger.ledger), diagnostics);
    // Entries this run did not use are dropped, but only when every repository was read.
    if (repos.length === config.repos.length) store?.prune();
    return finish({ pages: site.pages, sections, outDir: site.outDir ?? config.outDir, published: site.published, fatal: site.published ? null : 'sources' });
  } finally {
    if (staged) await rm(staged, { recursive: true, force: true });
    untrackStaged();
    await held?.release();
  }
}

export interface ModelContext {
  diagnostics: Diagnostics;
  store: CacheStore | null;
  templates: TemplateRenderer;
  /** Times and reports each stage (a silent clock when left out). */
  clock?: StageClock;
  /** Hears of the opened repositories as soon as there are any (for the run's summary). */
  onRepos?: (repos: OpenedRepo[]) => void;
  /**
   * `lines` (default): each section takes the newest change among its own lines (blame).
   * `files`: each takes its file's last change, without blame (`livewiki diff`, which compares
   * content and needs no authorship).
   */
  attribution?: 'lines' | 'files';
  /** The history cache's slot (default: the repository's own): `livewiki diff` keeps the base's apart from the head's. */
  historySlot?: string;
}

export interface WikiModel {
  repos: OpenedRepo[];
  histories: Map<string, RepoHistory>;
  extracted: ExtractedRepo[];
  /** What each commit changed in each section; the API changes pages are in the tree. */
  changes: SemanticHistory;
  title: string;
  tree: WikiTree;
  provenance: WikiProvenance;
}

/**
 * The first stages: snapshot → history → extract → changes → structure → provenance. Null when no
 * repository could be opened.
 */
export async function wikiModel(config: ResolvedConfig, ctx: ModelContext): Promise<WikiModel | null> {
  const { diagnostics, store, templates } = ctx;
  const clock = ctx.clock ?? stageClock(undefined);
  const repos = await stage(clock, 'snapshot', () => openSnapshots(config, diagnostics), (r) => ({ count: r.reduce((n, x) => n + x.snapshot.files.length, 0), unit: 'files' }));
  ctx.onRepos?.(repos);
  if (repos.length === 0) return null;

  const histories = await stage(clock, 'history', () => readHistories(repos, config, diagnostics, store, ctx.historySlot), (h) => ({ count: [...h.values()].reduce((n, x) => n + x.commits.length, 0), unit: 'commits', detail: cacheDetail(store, 'history') }));

  const extracted = await stage(
    clock,
    'extract',
    async () => {
      const out: ExtractedRepo[] = [];
      for (const r of repos) {
        const repo = await extractRepo(r.snapshot, r.files, { templates, store });
        for (const unit of repo.units) for (const d of unit.diagnostics) diagnostics.add(d);
        out.push(repo);
      }
      return out;
    },
    (e) => ({ count: e.reduce((n, r) => n + pagesOf(r).length, 0), unit: 'pages', detail: cacheDetail(store, 'markdown', 'openapi', 'config', 'typedoc') }),
  );

  const changes = await stage(
    clock,
    'changes',
    () =>
      semanticHistory(
        repos.map((r, i) => ({ snapshot: r.snapshot, git: r.git, files: r.files, extracted: extracted[i]!, history: histories.get(r.snapshot.id)! })),
        { depth: config.changes.depth, releases: config.changes.releases, recent: config.recent },
        { templates, store, diagnostics },
      ),
    (c) => ({ count: c.records.length, unit: 'changes', detail: `${c.stats.compared} pairs of versions compared, ${c.stats.reused} from the cache` }),
  );

  const title = config.title ?? (repos.length === 1 ? repos[0]!.snapshot.id : 'Wiki');
  const added = (repo: string) => changes.units.flatMap((u) => u.pages.filter((p) => p.repo === repo));
  const tree = await stage(clock, 'structure', () => buildTree(title, extracted.map((e) => ({ repo: e.repo, title: projectTitle(e.repo, repos.find((r) => r.snapshot.id === e.repo)?.snapshot.manifest?.name, pagesOf(e)), pages: [...pagesOf(e), ...added(e.repo)] })), diagnostics), (t) => ({ count: t.nodes.length, unit: 'pages' }));

  const attribute = (r: OpenedRepo, history: RepoHistory) => (ctx.attribution === 'files' ? fileAttribution(history) : lineAttribution(r.git, r.snapshot, history, store, diagnostics));
  const lines: Histories = new Map(
    repos.map((r) => {
      const history = histories.get(r.snapshot.id)!;
      const mergeOptions = { store, repoId: r.snapshot.id, mailmapBlob: r.snapshot.files.find((f) => f.path === '.mailmap')?.blob ?? null, ticketPrefixes: config.tickets.prefixes, links: r.snapshot.links, bots: config.history.bots, diagnostics };
      return [r.snapshot.id, { history, lines: attribute(r, history), loadMerges: (shas: Iterable<string>) => loadMerges(r.git, history, shas, mergeOptions) }];
    }),
  );
  const provenance = await stage(
    clock,
    'provenance',
    () => attachProvenance({ tree, snapshots: repos.map((r) => r.snapshot), histories: lines, recent: config.recent, options: { showEmails: config.showEmails } }),
    () => ({ count: sectionCount(tree), unit: 'sections', detail: cacheDetail(store, 'blame') }),
  );
  // Doc sections whose covered config keys, operations, symbols or files changed after them (issue 15.1).
  const stale = await stage(
    clock,
    'stale',
    () => staleStage({ tree, provenance, repos: repos.map((r) => ({ id: r.snapshot.id, git: r.git, files: r.files })), histories, options: { showEmails: config.showEmails } }, { templates, store, diagnostics }),
    (s) => ({ count: Object.values(s).reduce((n, p) => n + Object.keys(p.sections).length + (p.page ? 1 : 0), 0), unit: 'stale', detail: cacheDetail(store, 'semantic-diff') }),
  );
  return { repos, histories, extracted, changes, title, tree, provenance: withStale(provenance, stale) };
}

async function readHistories(repos: OpenedRepo[], config: ResolvedConfig, diagnostics: Diagnostics, store: CacheStore | null, slot?: string): Promise<Map<string, RepoHistory>> {
  const out = new Map<string, RepoHistory>();
  for (const r of repos) out.set(r.snapshot.id, await readHistory(r.git, r.snapshot, { ticketPrefixes: config.tickets.prefixes, diagnostics, store, settings: config.history, ...(slot ? { slot } : {}) }));
  return out;
}


/** The newest landed date of the built commits: the footer's time (never the clock). */
function newestLanded(repos: OpenedRepo[], histories: Map<string, RepoHistory>): string | null {
  return (
    repos
      .map(({ snapshot: s }) => {
        const h = histories.get(s.id);
        return s.head && h ? (commitOf(h, s.head)?.committedAt ?? null) : null;
      })
      .filter((d): d is string => d !== null)
      .sort()
      .at(-1) ?? null
  );
}

/** Images the documents link to, copied out of git into `dir` for the site stage. */
const MAX_ASSET_BYTES = 10 * 1024 * 1024;
async function stageAssets(repos: OpenedRepo[], extracted: ExtractedRepo[], dir: string, diagnostics: Diagnostics): Promise<SiteAsset[]> {
  const out: SiteAsset[] = [];
  for (const r of repos) {
    const wanted = extracted.find((e) => e.repo === r.snapshot.id)?.assets ?? [];
    if (wanted.length === 0) continue;
    for (const [path, buf] of await r.files.buffers(wanted)) {
      if (buf.length > MAX_ASSET_BYTES) {
        diagnostics.warn('W_ASSET_TOO_LARGE', `${path} is ${buf.length} bytes, over the ${MAX_ASSET_BYTES}-byte limit for images; it is not published`, { repo: r.snapshot.id, file: path });
        continue;
      }
      const outPath = assetPath(r.snapshot.id, path);
      const from = join(dir, outPath);
      await mkdir(dirname(from), { recursive: true });
      await writeFile(from, buf);
      out.push({ outPath, from });
    }
  }
  return out;
}

/** Redirect rules for the configured static hosts (config `redirects`), from the carried ledger. */
function serverRedirects(ledger: LedgerResult, config: ResolvedConfig, diagnostics: Diagnostics): HostFile[] {
  if (config.redirects.length === 0) return [];
  // Rules name paths on the host: under the site's path when the wiki is served below the root.
  const out = hostRedirectFiles(ledger, config.redirects, config.site === null ? '/' : new URL(config.site).pathname);
  for (const o of out.overLimit) {
    diagnostics.warn('W_REDIRECT_RULES_LIMIT', `${o.rules} redirect rules for ${o.host}, over its limit of ${o.limit}; the HTML redirect pages still answer for every moved URL.`, {
      file: 'livewiki-s3-routing-rules.json',
    });
  }
  return out.files;
}

function sectionCount(tree: WikiTree): number {
  return tree.nodes.reduce((n, p) => n + p.page.sections.length, 0);
}

/** `hits/total cached` over some cache kinds, for progress lines. */
function cacheDetail(store: CacheStore | null, ...kinds: string[]): string | undefined {
  const stats = store?.stats();
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
