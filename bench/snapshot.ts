// A frozen copy of livewiki for a whole benchmark: cache keys include a digest of livewiki's own
// sources, so edits to the working tree between a cold run and a warm one (other work in
// progress) would make every entry a miss and measure nothing. The copy lives in
// `.bench-snapshot/` (ignored by git) so it resolves our dependencies by walking up, without a
// symbolic link: TypeDoc's child process runs under Node's permission model, which refuses to
// follow one, and Node does not strip types under node_modules.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Copies livewiki into `.bench-snapshot/` and returns that folder (its CLI: `bin/livewiki.js` in it). */
export function snapshotLivewiki(): string {
  const into = join(ROOT, '.bench-snapshot');
  rmSync(into, { recursive: true, force: true });
  for (const d of ['bin', 'src', 'templates', 'site', 'schema', 'package.json']) {
    if (existsSync(join(ROOT, d))) cpSync(join(ROOT, d), join(into, d), { recursive: true, filter: (p) => !/[\\/](\.astro|dist)$/.test(p) });
  }
  return into;
}
