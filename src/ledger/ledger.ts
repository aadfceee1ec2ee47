// The URL ledger (DESIGN §4): every URL livewiki ever published, carried from build to build in
// `livewiki-ledger.json` at the output root, so a later build keeps each one answering: the
// page itself, a redirect to where its content moved, or a tombstone that says who removed it.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostics } from '../model/diagnostics.ts';

export const LEDGER_FILE = 'livewiki-ledger.json';
export const LEDGER_VERSION = 1;

export interface LedgerAnchor {
  anchor: string;
  /** Section identity: `kind` + `key` within its repository. */
  kind: string;
  key: string;
}

export interface Removal {
  commit: string | null;
  subject: string | null;
  authors: string[];
  committedAt: string | null;
  url: string | null;
}

export interface LedgerEntry {
  /** Route as first published; never changes. */
  route: string;
  /** Id of the page that was published there. */
  id: string;
  title: string;
  repo: string | null;
  state: 'live' | 'redirect' | 'tombstone';
  /** For redirects: where the content lives now. */
  to?: string;
  /** Section anchors published on this route. */
  anchors: LedgerAnchor[];
  /** For tombstones: the change that removed the source, when known. */
  removed?: Removal;
}

export interface Ledger {
  schemaVersion: number;
  entries: LedgerEntry[];
}

function isEntry(value: unknown): value is LedgerEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e.route === 'string' &&
    e.route.startsWith('/') &&
    e.route.endsWith('/') &&
    typeof e.id === 'string' &&
    typeof e.title === 'string' &&
    (e.state === 'live' || e.state === 'redirect' || e.state === 'tombstone') &&
    Array.isArray(e.anchors) &&
    e.anchors.every((a) => typeof a === 'object' && a !== null && typeof (a as LedgerAnchor).anchor === 'string' && typeof (a as LedgerAnchor).key === 'string')
  );
}

/** The previous build's ledger from a folder (its output, or the cache); null when there is none. */
export function readLedger(dir: string, diagnostics: Diagnostics): Ledger | null {
  const file = join(dir, LEDGER_FILE);
  if (!existsSync(file)) return null;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<Ledger>;
    if (data.schemaVersion !== LEDGER_VERSION || !Array.isArray(data.entries) || !data.entries.every(isEntry)) {
      throw new Error(`unexpected content (schemaVersion ${String(data.schemaVersion)})`);
    }
    return { schemaVersion: LEDGER_VERSION, entries: data.entries };
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

export function serializeLedger(ledger: Ledger): string {
  const entries = [...ledger.entries].sort((a, b) => (a.route < b.route ? -1 : a.route > b.route ? 1 : 0));
  return `${JSON.stringify({ schemaVersion: LEDGER_VERSION, entries }, null, 2)}\n`;
}
