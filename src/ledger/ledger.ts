// The URL ledger (DESIGN §4): every URL livewiki ever published, carried from build to build in
// `livewiki-ledger.json` at the output root, so a later build keeps each one answering: the
// page itself, a redirect to where its content moved, or a tombstone that says who removed it.


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

export function isEntry(value: unknown): value is LedgerEntry {
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

/** A parsed ledger file's content, or an error saying what is wrong with it. */
export function parseLedger(text: string): Ledger {
  const data = JSON.parse(text) as Partial<Ledger>;
  if (data.schemaVersion !== LEDGER_VERSION || !Array.isArray(data.entries) || !data.entries.every(isEntry)) {
    throw new Error(`unexpected content (schemaVersion ${String(data.schemaVersion)})`);
  }
  return { schemaVersion: LEDGER_VERSION, entries: data.entries };
}

export function serializeLedger(ledger: Ledger): string {
  const entries = [...ledger.entries].sort((a, b) => (a.route < b.route ? -1 : a.route > b.route ? 1 : 0));
  return `${JSON.stringify({ schemaVersion: LEDGER_VERSION, entries }, null, 2)}\n`;
}
