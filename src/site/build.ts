// The site stage: SiteBundle in, a published static site out. Builds in a sibling temp folder,
// verifies, then swaps atomically; any failure leaves the previous output untouched.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Store } from '../cache/store.ts';
import { sha256 } from '../utils/digest.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { SiteBundle, SitePage } from '../model/site.ts';
import { runAstro } from './astro-build.ts';
import { copyAssets } from './assets.ts';
import { trackLeftover, uninterruptible } from '../utils/interrupt.ts';
import { acquireLock, type Lock } from './lock.ts';
import { checkOutDir, cleanStale, makeTempDir, SiteError, swapIn, writeMarker } from './out-dir.ts';
import { assetsDigest, builtFooter, type CachedPage, pageKey, readCachedPage, withFooter, writeCachedPage } from './page-cache.ts';
import { indexShards, isReferenceData, mergePaths, planShards } from './pagefind.ts';
import { gateOutput } from './gate.ts';
import { highlightPages } from './highlight.ts';
import { routeProblem } from './paths.ts';
import { rewriteBuiltPages } from './rewrite.ts';
import { siteLocation } from './urls.ts';
import { verifySite } from './verify.ts';
import { siteChrome, writeWorkspace } from './workspace.ts';
import { serialQueue } from '../utils/queue.ts';

export type SiteStage = 'workspace' | 'astro' | 'assets' | 'search' | 'verify' | 'publish';

export interface BuildSiteOptions {
  outDir: string;
  diagnostics: Diagnostics;
  /** How long to wait for another build of the same output folder; default 10 minutes. */
  lockTimeoutMs?: number;
  /** Called as each stage starts; throwing aborts the build (progress, failure injection). */
  onStage?: (stage: SiteStage) => void | Promise<void>;
  /** Called as each stage ends, with what it did (progress lines). */
  onStageDone?: (stage: SiteStage, info: SiteStageInfo) => void;
  /** Base for a relative `outDir` and for the "current folder" safety check. */
  cwd?: string;
  /** Reviewed false positives of the secret gate, by fingerprint (RELIABILITY §2.3 step 7). */
  allowedSecretFingerprints?: string[];
  /** Build cache: pages, search shards and gate verdicts of earlier builds are reused from it. */
  cache?: Store | null;
  /** The output folder's lock, when the caller holds it already (`holdOutDir`); it is neither taken again nor released here. */
  lock?: Lock;
}

/** What a stage did, for progress lines. */
export interface SiteStageInfo {
  count?: number;
  unit?: string;
  detail?: string;
}

export interface BuildSiteResult {
  /** True when the new site replaced the output folder. */
  published: boolean;
  /** Absolute output folder (when it could be resolved). */
  outDir: string | null;
  /** Pages built (after dropping invalid or duplicate routes). */
  pages: number;
  /** Pages in the search index. */
  indexedPages: number;
  /** Pages taken from the cache instead of being built by Astro. */
  reusedPages: number;
  /** Milliseconds per stage (not part of the output). */
  timings: Partial<Record<SiteStage, number>>;
}

/** Drops pages with unusable or duplicate routes (one diagnostic each); sorted by route. */
export function selectPages(pages: SitePage[], diagnostics: Diagnostics): SitePage[] {
  const byRoute = new Map<string, SitePage>();
  for (const page of pages) {
    const problem = routeProblem(page.route);
    if (problem !== null) {
      diagnostics.error('E_SITE_ROUTE', `Page "${page.title}" has route "${page.route}" that ${problem}; it was left out.`);
    } else if (byRoute.has(page.route)) {
      diagnostics.error('E_SITE_ROUTE', `Two pages have route "${page.route}"; only "${byRoute.get(page.route)?.title}" was kept.`);
    } else {
      byRoute.set(page.route, page);
    }
  }
  return [...byRoute.values()].sort((a, b) => (a.route < b.route ? -1 : a.route > b.route ? 1 : 0));
}

// Astro keeps process-wide state (NODE_ENV, Vite caches); builds in one process take turns.
const serialized = serialQueue();

export async function buildSite(bundle: SiteBundle, options: BuildSiteOptions): Promise<BuildSiteResult> {
  const { diagnostics } = options;
  const cache = options.cache ?? null;
  const result: BuildSiteResult = { published: false, outDir: null, pages: 0, indexedPages: 0, reusedPages: 0, timings: {} };
  let lock: Lock | undefined;
  let temp: string | undefined;
  let untrackTemp = () => {};
  try {
    const out = await checkOutDir(options.outDir, options.cwd);
    result.outDir = out;
    lock = options.lock ?? (await acquireLock(out, options.lockTimeoutMs ?? 600_000));
    // The folder may have changed while we waited for the lock.
    await checkOutDir(out, options.cwd);
    const stale = await cleanStale(out);
    if (stale.length > 0) diagnostics.info('I_SITE_STALE_CLEANED', `Removed ${stale.length} folder(s) left by an interrupted build: ${stale.join(', ')}.`);
    temp = await makeTempDir(out);
    untrackTemp = trackLeftover(temp);
    const site = join(temp, 'site');
    const stage = async (name: SiteStage, work: () => Promise<SiteStageInfo | void>) => {
      const started = performance.now();
      await options.onStage?.(name);
      const info = await work();
      result.timings[name] = Math.round(performance.now() - started);
      options.onStageDone?.(name, info ?? {});
    };

    const pages = selectPages(bundle.pages, diagnostics);
    result.pages = pages.length;
    // Shards depend on routes only, so every page can name them before it is built.
    const shardPlan = planShards(
      pages.filter((p) => p.indexed !== false).map((p) => ({ route: p.route, ...(p.searchGroup ? { group: p.searchGroup } : {}), ...(isReferenceData(p) ? { data: true } : {}) })),
    );
    const chrome = siteChrome(bundle, pages, mergePaths(shardPlan));
    // The cache's salt already holds livewiki's digest (its theme and Astro/Pagefind versions included).
    const siteKey = sha256(JSON.stringify(chrome));
    const keys = new Map(pages.map((p) => [p.route, pageKey(siteKey, p)]));
    const fileOf = (route: string) => join(site, ...route.split('/').filter((s) => s !== ''), 'index.html');

    // Pages built before under the same key are taken from the cache; Astro builds the rest.
    const reused = new Map<string, CachedPage>();
    let toBuild = pages;
    await stage('workspace', async () => {
      if (cache) {
        for (const p of pages) {
          const hit = readCachedPage(cache, keys.get(p.route)!);
          if (hit) reused.set(p.route, hit);
        }
        toBuild = pages.filter((p) => !reused.has(p.route));
      }
      // Code is highlighted here, for the pages Astro builds (cached pages were, when built).
      await writeWorkspace(join(temp!, 'workspace'), chrome, bundle.footer, await highlightPages(toBuild));
      return { count: pages.length, unit: 'pages', detail: `${reused.size} from the cache` };
    });
    const base = siteLocation(bundle.site)?.base ?? '/';
    const astro = async (workspace: string, built: SitePage[]) => {
      await serialized(() => runAstro({ workspace, outDir: site, scratchDir: `${workspace}-scratch` }, diagnostics)).catch((error: unknown) => {
        throw new SiteError('E_SITE_BUILD', `Astro could not build the site: ${(error as Error).message}`);
      });
      await rewriteBuiltPages(site, built.map((p) => [p.route, fileOf(p.route)]), base);
    };
    let assets = '';
    let footer: Buffer | null = null;
    await stage('astro', async () => {
      await astro(join(temp!, 'workspace'), toBuild);
      assets = await assetsDigest(site);
      footer = await builtFooter(site);
      if (reused.size > 0 && (footer === null || [...reused.values()].some((c) => c.assets !== assets))) {
        // Cached pages refer to theme assets this Astro did not produce, or this build's footer
        // cannot be found to complete them: build everything.
        diagnostics.info('I_SITE_CACHE_ASSETS', 'The cached pages do not fit this build (theme assets or footer); every page was built again.');
        reused.clear();
        toBuild = pages;
        await rm(site, { recursive: true, force: true });
        await writeWorkspace(join(temp!, 'workspace-all'), chrome, bundle.footer, await highlightPages(pages));
        await astro(join(temp!, 'workspace-all'), pages);
        assets = await assetsDigest(site);
        footer = await builtFooter(site);
      }
      return { count: toBuild.length, unit: 'pages built' };
    });
    result.reusedPages = reused.size;
    await stage('assets', async () => {
      // A few writes at a time: enough to keep the disk busy, few open files.
      const entries = [...reused];
      for (let i = 0; i < entries.length; i += 16) {
        await Promise.all(
          entries.slice(i, i + 16).map(async ([route, cached]) => {
            await mkdir(dirname(fileOf(route)), { recursive: true });
            // Pages are only reused when the footer was found (checked after the Astro build).
            await writeFile(fileOf(route), withFooter(cached, footer!), { flag: 'wx' });
          }),
        );
      }
      if (cache && footer !== null) {
        for (const p of toBuild) writeCachedPage(cache, keys.get(p.route)!, await readFile(fileOf(p.route)), footer, assets);
      }
      await copyAssets(site, bundle.assets, bundle.files, diagnostics);
      await writeMarker(site);
      return { count: reused.size + bundle.assets.length + bundle.files.length, unit: 'files copied' };
    });
    await stage('search', async () => {
      const shards = shardPlan.map((s) => ({
        name: s.name,
        dir: s.dir,
        pages: s.routes.map((route) => ({ route, key: keys.get(route)!, file: fileOf(route) })),
      }));
      const search = await indexShards(site, shards, siteKey, cache, diagnostics);
      result.indexedPages = search.indexedPages;
      return { count: search.indexedPages, unit: 'pages', detail: `${search.reused}/${shards.length} shards cached` };
    });
    await stage('verify', async () => {
      const problems = await verifySite(site, pages.map((p) => p.route));
      if (problems.length > 0) {
        throw new SiteError('E_SITE_VERIFY', `The built site failed verification: ${problems.slice(0, 20).join('; ')}${problems.length > 20 ? '; …' : ''}`);
      }
      // The secret gate (RELIABILITY §2.3 step 6, U1): anything secret-looking anywhere in the
      // output stops publishing. Findings name file, line and rule, never the value.
      const { findings, known, scanned } = await gateOutput(site, new Set(options.allowedSecretFingerprints ?? []), cache);
      if (findings.length > 0) {
        for (const f of findings.slice(0, 50)) {
          diagnostics.error('E_SECRET_IN_OUTPUT', `The built site contains a secret-looking value (rule ${f.rule}, fingerprint ${f.fingerprint}).`, {
            file: f.file,
            ...(f.line !== undefined ? { line: f.line } : {}),
            ...(f.column !== undefined ? { column: f.column } : {}),
            hint: 'Remove the value from the source, or if it is a reviewed false positive add its fingerprint to the allowed secret fingerprints.',
          });
        }
        const where = findings.slice(0, 5).map((f) => `${f.file}:${f.line} (${f.rule})`).join(', ');
        throw new SiteError(
          'E_SECRET_IN_OUTPUT',
          `Publishing stopped: ${findings.length} secret-looking ${findings.length === 1 ? 'value' : 'values'} in the built site: ${where}${findings.length > 5 ? ', …' : ''}.`,
          'Nothing was published; the previous output is unchanged.',
        );
      }
      return { count: known + scanned, unit: 'texts', detail: `${known} known clean` };
    });
    await stage('publish', () => uninterruptible(() => swapIn(site, out)));
    result.published = true;
  } catch (error) {
    if (error instanceof SiteError) {
      diagnostics.error(error.code, error.message, error.hint === undefined ? {} : { hint: error.hint });
    } else {
      diagnostics.error('E_SITE_BUILD', `The site build failed: ${(error as Error).message ?? String(error)}`, {
        hint: 'The previous output folder was left unchanged.',
      });
    }
  } finally {
    if (temp !== undefined) await rm(temp, { recursive: true, force: true });
    untrackTemp();
    if (!options.lock) await lock?.release();
  }
  return result;
}
