// The URL ledger (DESIGN §4): every URL livewiki ever published, carried from build to build in
// `livewiki-ledger.json` at the output root, so a later build keeps each one answering: the
// page itself, a redirect to where its content moved, a tombstone that says who removed it, or
// (while its source cannot be read) a "source unavailable" page.
//
// A ledger is read back from disk, so nothing in it is trusted: every entry is checked for the
// shape livewiki writes (routes made of slug segments, anchors without spaces, removal links
// http(s) only) and the rest is dropped; the carry step re-derives removals from the history.

export const LEDGER_FILE = 'livewiki-ledger.json';
export const LEDGER_VERSION = 1;

export interface LedgerAnchor {
  anchor: string;
  /** Section identity: `kind` + `key` within its repository (and `file`, for headings and config keys). */
  kind: string;
  key: string;
  /** Source file of the section, for kinds whose identity includes it. */
  file?: string;
  /** Once the anchor is no longer on its page and has no other home: the change that removed it. */
  removed?: Removal;
}

export interface Removal {
  commit: string | null;
  subject: string | null;
  authors: string[];
  committedAt: string | null;
  /** Commit link: http(s) only. */
  url: string | null;
}

export type LedgerState = 'live' | 'redirect' | 'tombstone' | 'unavailable';

export interface LedgerEntry {
  /** Route as first published; never changes. */
  route: string;
  /** Id of the page that was published there. */
  id: string;
  title: string;
  repo: string | null;
  /**
   * `unavailable`: the page's source could not be read in the build (a repository that could not
   * be opened, a file that failed to parse); it is neither live nor removed.
   */
  state: LedgerState;
  /** For redirects: where the content lives now. */
  to?: string;
  /** Section anchors published on this route. */
  anchors: LedgerAnchor[];
  /** For tombstones: the change that removed the source, when known. */
  removed?: Removal;
  /** Repository paths the page was made from (renames and removals are looked up by them). */
  sources?: string[];
}

export interface Ledger {
  schemaVersion: number;
  entries: LedgerEntry[];
}

/** Bounds on text fields: far above anything livewiki writes, so no real entry is ever dropped. */
const MAX_TEXT = 65_536;
const SHA_RE = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
/** Routes as livewiki makes them: slug segments (letters, digits, `.`, `_`, `-`), slash-terminated. */
const ROUTE_RE = /^\/(?:[\p{L}\p{N}._-]+\/)*$/u;
/** Anchors go into `id` attributes and URL fragments (always escaped): no controls, bounded. */
const ANCHOR_RE = /^[^\u0000-\u001f\u007f]{1,4096}$/u;

const isText = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;
const isTextOrNull = (v: unknown): v is string | null => v === null || isText(v);

export function isRoute(value: unknown): value is string {
  return isText(value) && ROUTE_RE.test(value) && !value.split('/').some((s) => s === '.' || s === '..');
}

/** An absolute http(s) URL, else null: the only kind of link a ledger may put into an `href`. */
export function httpUrl(value: unknown): string | null {
  if (!isText(value)) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : null;
  } catch {
    return null;
  }
}

/** A removal as livewiki writes it (the link dropped unless http(s)), or null when malformed. */
export function checkRemoval(value: unknown): Removal | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  if (!(r.commit === null || (typeof r.commit === 'string' && SHA_RE.test(r.commit)))) return null;
  if (!isTextOrNull(r.subject) || !isTextOrNull(r.committedAt)) return null;
  if (!Array.isArray(r.authors) || r.authors.length > 1000 || !r.authors.every((a) => isText(a))) return null;
  return { commit: r.commit, subject: r.subject, authors: [...(r.authors as string[])], committedAt: r.committedAt, url: httpUrl(r.url) };
}

function checkAnchor(value: unknown): LedgerAnchor | null {
  if (typeof value !== 'object' || value === null) return null;
  const a = value as Record<string, unknown>;
  if (!isText(a.anchor) || !ANCHOR_RE.test(a.anchor) || !isText(a.kind, 256) || !isText(a.key)) return null;
  if (a.file !== undefined && !isText(a.file)) return null;
  const out: LedgerAnchor = { anchor: a.anchor, kind: a.kind, key: a.key };
  if (typeof a.file === 'string') out.file = a.file;
  if (a.removed !== undefined) {
    const removed = checkRemoval(a.removed);
    if (removed === null) return null;
    out.removed = removed;
  }
  return out;
}

/** The entry as livewiki writes it, or why it is not one. */
export function checkEntry(value: unknown): { entry: LedgerEntry } | { why: string } {
  if (typeof value !== 'object' || value === null) return { why: 'not an object' };
  const e = value as Record<string, unknown>;
  if (!isRoute(e.route)) return { why: 'its route is not a route of this site' };
  if (!isText(e.id) || !isText(e.title) || !(e.repo === null || isText(e.repo, 1024))) return { why: 'its id, title or repository is malformed' };
  if (e.state !== 'live' && e.state !== 'redirect' && e.state !== 'tombstone' && e.state !== 'unavailable') return { why: 'its state is unknown' };
  if (e.to !== undefined && !isRoute(e.to)) return { why: 'its redirect leaves the site' };
  if (!Array.isArray(e.anchors) || e.anchors.length > 100_000) return { why: 'its anchors are malformed' };
  // A malformed anchor is dropped alone; the page's other anchors keep answering.
  const anchors = e.anchors.map(checkAnchor).filter((a): a is LedgerAnchor => a !== null);
  if (e.sources !== undefined && !(Array.isArray(e.sources) && e.sources.length <= 100_000 && e.sources.every((s) => isText(s)))) return { why: 'its sources are malformed' };
  const entry: LedgerEntry = { route: e.route, id: e.id, title: e.title, repo: e.repo, state: e.state, anchors };
  if (typeof e.to === 'string') entry.to = e.to;
  if (e.removed !== undefined) {
    const removed = checkRemoval(e.removed);
    if (removed === null) return { why: 'its removal is malformed' };
    entry.removed = removed;
  }
  if (Array.isArray(e.sources)) entry.sources = [...(e.sources as string[])];
  return { entry };
}

export function isEntry(value: unknown): value is LedgerEntry {
  return 'entry' in checkEntry(value);
}

/**
 * A ledger file's content: its well-formed entries (copied, never the parsed objects), and the
 * routes (or positions) of those that were dropped and why. Throws when the file is not a ledger.
 */
export function parseLedger(text: string): Ledger & { dropped: { at: string; why: string }[] } {
  let data: Partial<Ledger>;
  try {
    data = JSON.parse(text) as Partial<Ledger>;
  } catch {
    // Never quote the text: a file in its place may hold anything (D17).
    throw new Error('not valid JSON');
  }
  if (typeof data !== 'object' || data === null || data.schemaVersion !== LEDGER_VERSION || !Array.isArray(data.entries)) {
    throw new Error('not a livewiki URL ledger of this version');
  }
  const entries: LedgerEntry[] = [];
  const dropped: { at: string; why: string }[] = [];
  const seen = new Set<string>();
  data.entries.forEach((raw: unknown, i) => {
    const checked = checkEntry(raw);
    if ('why' in checked) dropped.push({ at: `entry ${i + 1}`, why: checked.why });
    else if (seen.has(checked.entry.route)) dropped.push({ at: checked.entry.route, why: 'its route is listed twice' });
    else {
      seen.add(checked.entry.route);
      entries.push(checked.entry);
    }
  });
  return { schemaVersion: LEDGER_VERSION, entries, dropped };
}

export function serializeLedger(ledger: Ledger): string {
  const entries = [...ledger.entries].sort((a, b) => (a.route < b.route ? -1 : a.route > b.route ? 1 : 0));
  return `${JSON.stringify({ schemaVersion: LEDGER_VERSION, entries }, null, 2)}\n`;
}
