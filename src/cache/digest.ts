// What every cache key includes besides the content: the tool (its version, a digest of its own
// sources and theme, and the installed versions of its dependencies, so an edited or upgraded
// livewiki never reads entries an older one wrote) and the config.
import { readdirSync, readFileSync } from 'node:fs';
import { findPackageJSON } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '../config/load.ts';
import { GENERATOR } from '../model/generator.ts';
import { sha256 } from '../utils/digest.ts';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function listFiles(dir: string): string[] {
  const out: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    // Astro's generated types, build output and installed packages are not livewiki's sources.
    if (e.name === '.astro' || e.name === 'dist' || e.name === 'node_modules') continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(full));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

/** `name@version` of every installed runtime dependency (an upgraded parser or Astro changes output). */
function dependencyVersions(): string[] {
  const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {})
    .sort()
    .map((name) => {
      // Some packages (Pagefind) hide their package.json from require.resolve behind `exports`.
      const file = findPackageJSON(name, join(PACKAGE_ROOT, 'package.json'));
      return `${name}@${file ? (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version : 'missing'}`;
    });
}

let toolDigestMemo: string | null = null;

/** Version, dependency versions and the bytes of `src/`, `templates/` and `site/` (computed once). */
export function toolDigest(): string {
  if (toolDigestMemo) return toolDigestMemo;
  const files = ['src', 'templates', 'site']
    .flatMap((d) => listFiles(join(PACKAGE_ROOT, d)))
    .map((f) => relative(PACKAGE_ROOT, f).split('\\').join('/'))
    .sort();
  const parts: (string | Buffer)[] = [GENERATOR.name, GENERATOR.version, ...dependencyVersions()];
  for (const f of files) parts.push(f, readFileSync(join(PACKAGE_ROOT, f)));
  toolDigestMemo = sha256(...parts);
  return toolDigestMemo;
}

/** The project's template overrides (names and bytes): cached pages and bodies are rendered with them. */
export function templatesDigest(dir: string | null): string {
  if (dir === null) return '';
  const files = listFiles(dir)
    .filter((f) => f.endsWith('.hbs'))
    .map((f) => relative(dir, f).split('\\').join('/'))
    .sort();
  const parts: (string | Buffer)[] = [];
  for (const f of files) parts.push(f, readFileSync(join(dir, f)));
  return sha256(...parts);
}

/**
 * The configuration as far as it can change cached results: repositories (by name, not by the
 * absolute path of the checkout, which differs between CI runners), selections, links, tickets,
 * template overrides (rendered pages are cached). The output folder and other presentation-only
 * keys are left out on purpose.
 */
export function configDigest(config: ResolvedConfig): string {
  const relevant = {
    repos: config.repos.map((r) => ({ name: r.name, include: r.include, exclude: r.exclude, links: r.links, openapi: r.openapi, config: r.config })),
    tickets: config.tickets,
    showEmails: config.showEmails,
    templates: templatesDigest(config.templatesDir),
  };
  return sha256(JSON.stringify(relevant));
}
