// Temp folders for tests: made under the system temp folder and removed when the test file ends,
// whether its tests passed or failed (test/helpers/setup.ts runs `removeTempDirs` after every
// file). `npm test` fails the run if anything is left in its private temp folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A fresh, empty folder `<tmp>/<prefix>XXXXXX`, removed after this test file. */
export function tempDir(prefix = 'livewiki-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder `tempDir` made in this file. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Registers a folder made elsewhere (e.g. a TestRepo) for removal after this file. */
export function removeAfterFile(dir: string): string {
  made.push(dir);
  return dir;
}
