// What every cache key includes besides a stage's own input: the tool (its version, a digest of its
// own sources and theme, and the installed versions of its dependencies), so an edited or
// upgraded livewiki never reads entries an older one wrote. The configuration is not part of it:
// each stage keys its entries by a digest of its whole input, the configuration it reads included.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATOR } from '../model/generator.ts';
import { sha256 } from '../utils/digest.ts';
import { installedVersion, OWN_MANIFEST } from '../utils/packages.ts';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The running code: `src/` in a checkout, `dist/` in the published package. */
const CODE_DIR = fileURLToPath(new URL('../', import.meta.url));

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
  const manifest = JSON.parse(readFileSync(OWN_MANIFEST, 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {})
    .sort()
    .map((name) => `${name}@${installedVersion(name)}`);
}

let toolDigestMemo: string | null = null;

/** Version, dependency versions and the bytes of its code (`src/`, or `dist/` when installed), `templates/` and `site/` (computed once). */
export function toolDigest(): string {
  if (toolDigestMemo) return toolDigestMemo;
  const files = [CODE_DIR, join(PACKAGE_ROOT, 'templates'), join(PACKAGE_ROOT, 'site')]
    .flatMap((d) => listFiles(d))
    .map((f) => relative(PACKAGE_ROOT, f).split('\\').join('/'))
    .sort();
  const parts: (string | Buffer)[] = [GENERATOR.name, GENERATOR.version, ...dependencyVersions()];
  for (const f of files) parts.push(f, readFileSync(join(PACKAGE_ROOT, f)));
  toolDigestMemo = sha256(...parts);
  return toolDigestMemo;
}
