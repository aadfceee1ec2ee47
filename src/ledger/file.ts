// The ledger carried between builds on disk: read from the previous output (or the cache's copy),
// and a copy kept in the cache folder for CI jobs that start without the previous output.
//
// Neither place is trusted blindly (D1, D17): the file is opened without following a link, a
// ledger that git tracks (committed into a documented repository) is refused, nothing of its
// content is ever quoted in a diagnostic, and every entry is checked (`parseLedger`).

import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { trackedByGit } from '../cache/index.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import { LEDGER_FILE, parseLedger, type Ledger } from './ledger.ts';

/** Far above any real ledger (a 100k-page wiki is a few tens of MB); a bigger file is not read. */
const MAX_LEDGER_BYTES = 256 * 1024 * 1024;

type Read = { ledger: Ledger } | { absent: true } | { problem: string; untrusted: boolean };

function readFile(file: string): Read {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { absent: true };
    if (code === 'ELOOP') return { problem: 'it is a symbolic link', untrusted: true };
    return { problem: `it cannot be opened (${code ?? 'error'})`, untrusted: false };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { problem: 'it is not a regular file', untrusted: true };
    if (stat.size > MAX_LEDGER_BYTES) return { problem: `it is larger than ${MAX_LEDGER_BYTES} bytes`, untrusted: false };
    return { ledger: parseLedger(readFileSync(fd, 'utf8')) };
  } catch (error) {
    return { problem: (error as Error).message, untrusted: false };
  } finally {
    closeSync(fd);
  }
}

/** The previous build's ledger from a folder (its output, or the cache); null when there is none or it is refused. */
export async function readLedger(dir: string, diagnostics: Diagnostics): Promise<Ledger | null> {
  const file = join(dir, LEDGER_FILE);
  try {
    if (lstatSync(dir).isSymbolicLink()) {
      diagnostics.warn('W_LEDGER_UNTRUSTED', `The previous URL ledger in ${dir} is not used: the folder is a symbolic link.`, { file });
      return null;
    }
  } catch {
    return null; // no folder, no ledger
  }
  const read = readFile(file);
  if ('absent' in read) return null;
  if ('problem' in read) {
    if (read.untrusted) {
      diagnostics.warn('W_LEDGER_UNTRUSTED', `The previous URL ledger is not used: ${read.problem}.`, { file });
    } else {
      diagnostics.warn('W_LEDGER_UNREADABLE', `The previous URL ledger could not be read (${read.problem}); URLs published before may stop answering.`, {
        file,
        hint: 'Keep livewiki-ledger.json from the published site in the output folder between builds.',
      });
    }
    return null;
  }
  // A ledger committed to a repository is that repository's content, not livewiki's record.
  const tracked = await trackedByGit(file);
  if (tracked !== null) {
    diagnostics.warn('W_LEDGER_UNTRUSTED', `The previous URL ledger is not used: ${tracked}; a ledger is only taken from livewiki's own output or cache.`, { file });
    return null;
  }
  const { dropped, ...ledger } = read.ledger as Ledger & { dropped: { at: string; why: string }[] };
  if (dropped.length > 0) {
    diagnostics.warn(
      'W_LEDGER_ENTRY_DROPPED',
      `${dropped.length} entr${dropped.length === 1 ? 'y' : 'ies'} of the previous URL ledger ${dropped.length === 1 ? 'was' : 'were'} not livewiki's and ${dropped.length === 1 ? 'was' : 'were'} dropped (${dropped
        .slice(0, 3)
        .map((d) => `${d.at}: ${d.why}`)
        .join('; ')}${dropped.length > 3 ? '; …' : ''}).`,
      { file },
    );
  }
  return ledger;
}

/** Keeps a copy of the published ledger in the cache folder (a fresh file renamed into place, never through a link). */
export function keepLedger(cacheDir: string, content: string, diagnostics: Diagnostics): void {
  const file = join(cacheDir, LEDGER_FILE);
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(temp, content, { flag: 'wx' });
    renameSync(temp, file);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing more to undo.
    }
    diagnostics.warn('W_LEDGER_KEEP', `could not keep a copy of the URL ledger in the cache (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { file });
  }
}
