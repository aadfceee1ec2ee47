// The ledger carried between builds on disk: read from the previous output (or the cache's copy),
// and a copy kept in the cache folder for CI jobs that start without the previous output.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostics } from '../model/diagnostics.ts';
import { LEDGER_FILE, parseLedger, type Ledger } from './ledger.ts';

/** The previous build's ledger from a folder (its output, or the cache); null when there is none. */
export function readLedger(dir: string, diagnostics: Diagnostics): Ledger | null {
  const file = join(dir, LEDGER_FILE);
  if (!existsSync(file)) return null;
  try {
    return parseLedger(readFileSync(file, 'utf8'));
  } catch (error) {
    diagnostics.warn('W_LEDGER_UNREADABLE', `the previous URL ledger could not be read (${(error as Error).message}); URLs published before may stop answering`, {
      file,
      hint: 'Keep livewiki-ledger.json from the published site in the output folder between builds.',
    });
    return null;
  }
}

/** Keeps a copy of the published ledger in the cache folder (written atomically). */
export function keepLedger(cacheDir: string, content: string, diagnostics: Diagnostics): void {
  const file = join(cacheDir, LEDGER_FILE);
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(`${file}.tmp-${process.pid}`, content);
    renameSync(`${file}.tmp-${process.pid}`, file);
  } catch (error) {
    diagnostics.warn('W_LEDGER_KEEP', `could not keep a copy of the URL ledger in the cache (${(error as Error).message})`, { file });
  }
}

