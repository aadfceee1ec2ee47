// The site stage: SiteBundle in, a published static site out. Builds in a sibling temp folder,
// verifies, then swaps atomically; any failure leaves the previous output untouched.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { SiteBundle, SitePage } from '../model/site.ts';
import { scanOutput } from '../secrets/index.ts';
import { runAstro } from './astro-build.ts';
import { copyAssets } from './assets.ts';
import { acquireLock, type Lock } from './lock.ts';
import { checkOutDir, cleanStale, makeTempDir, SiteError, swapIn, writeMarker } from './out-dir.ts';
import { indexSite } from './pagefind.ts';
import { routeProblem } from './paths.ts';
import { verifySite } from './verify.ts';
import { writeWorkspace } from './workspace.ts';

export type SiteStage = 'workspace' | 'astro' | 'assets' | 'search' | 'verify' | 'publish';

export interface BuildSiteOptions {
  outDir: string;
  diagnostics: Diagnostics;
  /** How long to wait for another build of the same output folder; default 10 minutes. */
  lockTimeoutMs?: number;
  /** Called as each stage starts; throwing aborts the build (progress, failure injection). */
  onStage?: (stage: SiteStage) => void | Promise<void>;
  /** Base for a relative `outDir` and for the "current folder" safety check. */
  cwd?: string;
  /** Reviewed false positives of the secret gate, by fingerprint (RELIABILITY §2.3 step 7). */
  allowedSecretFingerprints?: string[];
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
let astroQueue: Promise<unknown> = Promise.resolve();
function serialized<T>(task: () => Promise<T>): Promise<T> {
  const run = astroQueue.then(task, task);
  astroQueue = run.catch(() => undefined);
  return run;
}

export async function buildSite(bundle: SiteBundle, options: BuildSiteOptions): Promise<BuildSiteResult> {
  const { diagnostics } = options;
  const result: BuildSiteResult = { published: false, outDir: null, pages: 0, indexedPages: 0, timings: {} };
  let lock: Lock | undefined;
  let temp: string | undefined;
  try {
    const out = await checkOutDir(options.outDir, options.cwd);
    result.outDir = out;
    lock = await acquireLock(out, options.lockTimeoutMs ?? 600_000);
    // The folder may have changed while we waited for the lock.
    await checkOutDir(out, options.cwd);
    const stale = await cleanStale(out);
    if (stale.length > 0) diagnostics.info('I_SITE_STALE_CLEANED', `Removed ${stale.length} folder(s) left by an interrupted build: ${stale.join(', ')}.`);
    temp = await makeTempDir(out);
    const site = join(temp, 'site');
    const stage = async (name: SiteStage, work: () => Promise<void>) => {
      const started = performance.now();
      await options.onStage?.(name);
      await work();
      result.timings[name] = Math.round(performance.now() - started);
    };

    const pages = selectPages(bundle.pages, diagnostics);
    result.pages = pages.length;
    await stage('workspace', () => writeWorkspace(join(temp!, 'workspace'), bundle, pages));
    await stage('astro', () =>
      serialized(() => runAstro({ workspace: join(temp!, 'workspace'), outDir: site, scratchDir: join(temp!, 'scratch') }, diagnostics)).catch(
        (error: unknown) => {
          throw new SiteError('E_SITE_BUILD', `Astro could not build the site: ${(error as Error).message}`);
        },
      ),
    );
    await stage('assets', async () => {
      await copyAssets(site, bundle.assets, bundle.files, diagnostics);
      await writeMarker(site);
    });
    await stage('search', async () => {
      result.indexedPages = await indexSite(site, diagnostics);
    });
    await stage('verify', async () => {
      const problems = await verifySite(site, pages.map((p) => p.route));
      if (problems.length > 0) {
        throw new SiteError('E_SITE_VERIFY', `The built site failed verification: ${problems.slice(0, 20).join('; ')}${problems.length > 20 ? '; …' : ''}`);
      }
      // The secret gate (RELIABILITY §2.3 step 6, U1): anything secret-looking anywhere in the
      // output stops publishing. Findings name file, line and rule, never the value.
      const findings = await scanOutput(site, new Set(options.allowedSecretFingerprints ?? []));
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
    });
    await stage('publish', () => swapIn(site, out));
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
    await lock?.release();
  }
  return result;
}
