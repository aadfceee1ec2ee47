// Dependencies with advisories that matter for hostile repositories are at or above their fixed
// versions (RELIABILITY §6), every installed copy of them, as package-lock.json installs them:
// astro and sharp (GHSA-26w7-cxv4-gfx2, RCE through crafted AVIF images; catalogue M7),
// handlebars (CVE-2026-33916/33937/33938/33939; T2, T5), yaml (GHSA-48c2-rrv3-qjmp; Y2).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const MINIMUM: Record<string, string> = { astro: '7.2.8', sharp: '0.35.4', handlebars: '4.7.9', yaml: '2.8.3' };

function parts(version: string): number[] {
  return version.replace(/[-+].*$/, '').split('.').map(Number);
}

function atLeast(version: string, minimum: string): boolean {
  const [a, b] = [parts(version), parts(minimum)];
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

/** Every copy of `name` the lock file installs, nested ones included: [path, version]. */
function installed(name: string): [string, string][] {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  return Object.entries(lock.packages)
    .filter(([path]) => path === `node_modules/${name}` || path.endsWith(`/node_modules/${name}`))
    .map(([path, p]) => [path, p.version ?? '']);
}

describe('dependencies with advisories', () => {
  it('compares versions as numbers', () => {
    expect([atLeast('0.35.4', '0.35.4'), atLeast('0.35.10', '0.35.4'), atLeast('1.0.0', '0.35.4'), atLeast('0.35.3', '0.35.4'), atLeast('4.7.10', '4.7.9'), atLeast('2.8.2', '2.8.3')]).toEqual([true, true, true, false, true, false]);
  });

  it('runs no image optimiser on repository images, and every installed one is at least the fixed version (M7)', () => {
    // sharp comes with astro; livewiki configures Astro's no-op image service and copies
    // repository images as they are (test/pipeline/markdown-hostile.test.ts compares the bytes).
    for (const name of Object.keys(MINIMUM)) {
      const copies = installed(name);
      expect(copies.length, `${name} is installed`).toBeGreaterThan(0);
      for (const [path, version] of copies) expect(atLeast(version, MINIMUM[name]!), `${path} ${version} < ${MINIMUM[name]}`).toBe(true);
    }
    // And what is on disk is what the lock file says.
    for (const name of Object.keys(MINIMUM)) {
      const onDisk = (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
      expect(onDisk).toBe(installed(name).find(([p]) => p === `node_modules/${name}`)![1]);
    }
  });
});
