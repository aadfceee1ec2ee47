// Versions of livewiki's own installed dependencies (part of cache keys: an upgraded parser or
// Astro changes output).
import { readFileSync } from 'node:fs';
import { findPackageJSON } from 'node:module';
import { fileURLToPath } from 'node:url';

/** livewiki's package.json (the package root: two levels above src/ or dist/ files). */
export const OWN_MANIFEST = fileURLToPath(new URL('../../package.json', import.meta.url));

/** Installed version of dependency `name` as livewiki resolves it; 'missing' when it is not installed. */
export function installedVersion(name: string): string {
  // Some packages (Pagefind) hide their package.json from require.resolve behind `exports`.
  const file = findPackageJSON(name, OWN_MANIFEST);
  if (!file) return 'missing';
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
