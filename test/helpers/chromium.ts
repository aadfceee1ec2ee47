// Where the browser tests find Chromium, and the one line that says why they are skipped when it
// is not there. Shared by the tests (browser.ts) and by `npm test` (scripts/test.ts), which
// installs Debian's chromium first when it can.
import { accessSync, constants, statSync } from 'node:fs';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** `LIVEWIKI_CHROMIUM` names another Chromium (or Chrome) executable; Debian's by default. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.LIVEWIKI_CHROMIUM || DEFAULT_CHROMIUM;
}

export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Null when Chromium is there; otherwise why the browser tests are skipped, and what to install. */
export function chromiumMissing(env: NodeJS.ProcessEnv = process.env): string | null {
  const path = chromiumPath(env);
  if (isExecutableFile(path)) return null;
  return `no Chromium at ${path}, browser tests skipped: install it (Debian: apt-get install chromium) or set LIVEWIKI_CHROMIUM=/path/to/chromium`;
}
