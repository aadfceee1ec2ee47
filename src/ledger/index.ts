// The ledger stage: the previous build's URL ledger (from the output folder, else the cache's
// copy) carried over this build's pages. Sources that failed this build (an error or warning at
// a file that is still tracked) and repositories that could not be read keep their pages as
// "source unavailable" instead of becoming tombstones (U4, P4).

import type { Diagnostic, Diagnostics } from '../model/diagnostics.ts';
import type { RepoHistory } from '../model/history.ts';
import type { Page } from '../model/page.ts';
import { carryLedger, type LedgerResult, type SourceFailure } from './carry.ts';
import { readLedger } from './file.ts';

export { carryLedger, type LedgerResult, type LostAnchor, type SourceFailure, type Unavailable } from './carry.ts';
export { keepLedger, readLedger } from './file.ts';
export { LEDGER_FILE, serializeLedger, type Ledger, type LedgerEntry } from './ledger.ts';

export interface LedgerStageInput {
  /** Where the previous ledger may be: the output folder, then the (trusted) cache folder. */
  outDir: string;
  cacheDir: string | null;
  pages: Page[];
  histories: ReadonlyMap<string, RepoHistory>;
  /** The repositories read in this build, with their tracked files. */
  repos: readonly { id: string; files: readonly { path: string }[] }[];
  /** False when some configured repository could not be read. */
  allReposRead: boolean;
  /** Everything reported so far (failing sources are found among them). */
  reported: readonly Diagnostic[];
}

export async function ledgerStage(input: LedgerStageInput, diagnostics: Diagnostics): Promise<LedgerResult> {
  const previous = (await readLedger(input.outDir, diagnostics)) ?? (input.cacheDir ? await readLedger(input.cacheDir, diagnostics) : null);
  const failures = new Map<string, SourceFailure>();
  for (const d of input.reported) {
    if ((d.severity !== 'error' && d.severity !== 'warning') || !d.repo || !d.file) continue;
    const key = `${d.repo}\0${d.file}`;
    if (!failures.has(key)) failures.set(key, { code: d.code, path: d.file, ...(d.line !== undefined ? { line: d.line } : {}) });
  }
  const result = carryLedger(previous, input.pages, input.histories, {
    tracked: new Map(input.repos.map((r) => [r.id, new Set(r.files.map((f) => f.path))])),
    allReposRead: input.allReposRead,
    failures,
  });
  if (result.dropped.length > 0) {
    const shown = result.dropped.slice(0, 3).map((d) => `${d.route} (${d.why})`);
    diagnostics.warn(
      'W_LEDGER_ENTRY_DROPPED',
      `${result.dropped.length} URL${result.dropped.length === 1 ? '' : 's'} of the previous ledger could not be verified against the history and ${result.dropped.length === 1 ? 'was' : 'were'} dropped: ${shown.join(', ')}${result.dropped.length > 3 ? ', …' : ''}.`,
    );
  }
  return result;
}
