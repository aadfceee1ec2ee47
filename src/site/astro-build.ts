// Runs the Astro build of site/ in-process, with every write redirected into the build's
// temp directory (caches included), telemetry off and logs captured as diagnostics.
import { randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { Diagnostics } from '../model/diagnostics.ts';
import { siblingModule } from '../utils/module-file.ts';

/** The Astro project shipped with livewiki. */
export const SITE_ROOT = fileURLToPath(new URL('../../site/', import.meta.url));
const LOGGER_ENTRY = fileURLToPath(siblingModule(import.meta.url, 'astro-logger'));
const SINKS = Symbol.for('livewiki.astroLogSinks');

interface AstroLogMessage {
  label: string | null;
  level: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  message: string;
}

/**
 * Astro 7 writes a static build's prerender bundle to `<cwd>/.astro/.prerender/` whenever the
 * output folder is outside the current folder, a path shared by every build started there.
 * A static adapter that keeps `build.server` moves it into this build's scratch folder.
 */
const scratchServerDir: AstroIntegration = {
  name: 'livewiki:scratch-server-dir',
  hooks: {
    'astro:config:done': ({ setAdapter }) => {
      setAdapter({
        name: 'livewiki-static',
        entrypointResolution: 'auto',
        adapterFeatures: { buildOutput: 'static', preserveBuildServerDir: true },
        supportedAstroFeatures: { staticOutput: 'stable' },
      });
    },
  },
};

/**
 * The prerender bundle imports Astro's dependencies by name, so the scratch folder gets a
 * `node_modules` link to the folder that holds astro (its real path: npm and pnpm layouts).
 */
async function linkDependencies(scratchDir: string): Promise<void> {
  const astroPackage = realpathSync(createRequire(import.meta.url).resolve('astro/package.json'));
  await symlink(dirname(dirname(astroPackage)), join(scratchDir, 'node_modules'), 'junction');
}

type SinkMap = Map<string, (m: AstroLogMessage) => void>;

function sinks(): SinkMap {
  const g = globalThis as unknown as Record<symbol, SinkMap | undefined>;
  g[SINKS] ??= new Map();
  return g[SINKS];
}

export interface AstroRun {
  /** Absolute path of the build workspace (manifest.json, pages/). */
  workspace: string;
  /** Where Astro writes the site. */
  outDir: string;
  /** Scratch space for Astro's and Vite's caches, private to this build. */
  scratchDir: string;
}

// Colour codes in Astro's messages are noise in diagnostics.
const ANSI = /\u001b\[[0-9;]*m/g;

/** Builds site/ into `run.outDir`; throws on failure after recording Astro's messages. */
export async function runAstro(run: AstroRun, diagnostics: Diagnostics): Promise<void> {
  // Astro reads this on every telemetry call; with it set, no event is recorded or sent.
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  const sinkId = randomUUID();
  sinks().set(sinkId, (m) => {
    const message = `${m.label ? `[${m.label}] ` : ''}${m.message.replace(ANSI, '').trim()}`;
    if (m.level === 'error') diagnostics.error('E_SITE_ASTRO', message);
    else if (m.level === 'warn') diagnostics.warn('W_SITE_ASTRO', message);
  });
  const cacheDir = join(run.scratchDir, 'astro-cache');
  const serverDir = join(run.scratchDir, 'server');
  await mkdir(cacheDir, { recursive: true });
  await linkDependencies(run.scratchDir);
  try {
    const { build } = await import('astro');
    // `sync: false` reaches Astro's builder through build()'s options spread (astro 7.3
    // core/build/index.js) and stops it writing `.astro/` types into site/, which may be
    // read-only and is shared by concurrent builds. A test asserts site/ stays untouched.
    const options = { sync: false } as Parameters<typeof build>[1];
    await build({
      configFile: false,
      root: SITE_ROOT,
      srcDir: join(SITE_ROOT, 'src'),
      publicDir: join(SITE_ROOT, 'public'),
      outDir: run.outDir,
      cacheDir,
      logLevel: 'warn',
      logger: { entrypoint: LOGGER_ENTRY, config: { sink: sinkId } },
      output: 'static',
      trailingSlash: 'always',
      devToolbar: { enabled: false },
      prefetch: false,
      // Repository images are copied verbatim after the build, never decoded (RELIABILITY 1.6).
      image: { service: { entrypoint: 'astro/assets/services/noop' } },
      build: { format: 'directory', inlineStylesheets: 'never', server: `${serverDir}/` },
      integrations: [scratchServerDir],
      vite: {
        cacheDir: join(cacheDir, 'vite'),
        define: { __LIVEWIKI_WORKSPACE__: JSON.stringify(run.workspace) },
        logLevel: 'warn',
      },
    }, options);
  } finally {
    sinks().delete(sinkId);
  }
}
