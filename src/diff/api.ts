// API changes of a pull request: every OpenAPI description one of whose files changed is
// resolved at both commits (the extractor's own resolver) and classified by the change engine
// (src/changes, oasdiff's rules and levels); breaking changes are listed first. The result is
// kept in the cache by the two roots and checked on a hit against every file both resolutions
// read, as the extraction cache checks its entries: a large spec is not parsed twice per run.

import type { Store } from '../cache/index.ts';
import { variantSlot } from '../cache/variants.ts';
import { diffOpenApi, type ApiChange } from '../changes/index.ts';
import { resolveSpec } from '../extract/openapi/index.ts';
import { isStoredReads, ReadRecorder, replays, storedReads, type StoredReads } from '../extract/reads.ts';
import type { Page } from '../model/page.ts';
import type { RepoReader } from '../snapshot/reader.ts';
import type { DiffReport } from './report.ts';
import type { FileChange } from './refs.ts';

/** Each API description's root and the files its pages are made of. */
function specsOf(pages: Page[], repo: string): Map<string, Set<string>> {
  const prefix = `${repo}/openapi/`;
  const roots = pages.filter((p) => p.repo === repo && p.kind === 'openapi' && p.id.startsWith(prefix) && p.sources.some((s) => s.path === p.id.slice(prefix.length))).map((p) => p.id.slice(prefix.length));
  const out = new Map<string, Set<string>>();
  for (const root of roots) {
    const files = new Set([root]);
    for (const p of pages) if (p.id === `${prefix}${root}` || p.id.startsWith(`${prefix}${root}/`)) for (const s of p.sources) files.add(s.path);
    out.set(root, files);
  }
  return out;
}

const LEVEL: Record<ApiChange['level'], number> = { error: 0, warning: 1, info: 2 };

/** The API changes between two versions of a spec, by its roots: what both resolutions read is checked on a hit. */
export const API_DIFF_KIND = 'diff-api';

interface BothReads {
  base: StoredReads;
  head: StoredReads;
}

const isBothReads = (v: unknown): v is BothReads => typeof v === 'object' && v !== null && isStoredReads((v as BothReads).base) && isStoredReads((v as BothReads).head);

function isApiChanges(v: unknown): v is ApiChange[] {
  return (
    Array.isArray(v) &&
    v.every((c: Partial<ApiChange> | null) => c !== null && typeof c === 'object' && typeof c.key === 'string' && typeof c.summary === 'string' && typeof c.check === 'string' && typeof c.pointer === 'string' && Object.hasOwn(LEVEL, c.level ?? '') && (c.breaking === null || typeof c.breaking === 'boolean'))
  );
}

async function documentAt(reader: RepoReader, root: string, files: Set<string>): Promise<{ document: Record<string, unknown> | null; reads: StoredReads }> {
  await reader.load([...files]);
  const recorder = new ReadRecorder(reader);
  let { value, log } = recorder.recordSync(() => resolveSpec(recorder.files, root));
  // A file the pages do not list (a $ref added by this change) is loaded and the spec read again.
  const missing = value.files.filter((f) => !files.has(f));
  if (missing.length > 0) {
    await reader.load(missing);
    ({ value, log } = recorder.recordSync(() => resolveSpec(recorder.files, root)));
  }
  return { document: value.document, reads: storedReads(log, reader) };
}

async function specChanges(input: { repo: string; base: RepoReader; head: RepoReader; store: Store | null }, baseRoot: string, before: Set<string>, root: string, files: Set<string>): Promise<ApiChange[]> {
  const { store } = input;
  await input.base.load([...before]);
  await input.head.load([...files]);
  const slot = store ? variantSlot<BothReads, { changes: ApiChange[] }>(store, API_DIFF_KIND, [input.repo, baseRoot, root], isBothReads) : null;
  const found = slot?.find((r) => replays(r.base, input.base) && replays(r.head, input.head));
  if (found && isApiChanges(found.body.changes)) return found.body.changes;
  if (found) store!.stale(API_DIFF_KIND, 'not a list of API changes');
  const [oldDoc, newDoc] = [await documentAt(input.base, baseRoot, before), await documentAt(input.head, root, files)];
  const changes = diffOpenApi(oldDoc.document ?? {}, newDoc.document ?? {}).sort((a, b) => LEVEL[a.level] - LEVEL[b.level]);
  slot?.put({ base: oldDoc.reads, head: newDoc.reads }, { changes });
  return changes;
}

export async function apiChanges(input: { repo: string; files: FileChange[]; basePages: Page[]; headPages: Page[]; base: RepoReader; head: RepoReader; store: Store | null }): Promise<DiffReport['api']> {
  const { repo } = input;
  const baseSpecs = specsOf(input.basePages, repo);
  const headSpecs = specsOf(input.headPages, repo);
  const renamedFrom = new Map(input.files.filter((f) => f.status === 'renamed').map((f) => [f.path, f.from!]));
  const touchedHead = new Set(input.files.filter((f) => f.status !== 'removed').map((f) => f.path));
  const touchedBase = new Set(input.files.filter((f) => f.status !== 'added').map((f) => f.from ?? f.path));
  const out: DiffReport['api'] = [];
  const seenBase = new Set<string>();
  for (const [root, files] of [...headSpecs].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const baseRoot = renamedFrom.get(root) ?? root;
    const before = baseSpecs.get(baseRoot);
    if (before) seenBase.add(baseRoot);
    if (!before) {
      out.push({ repo, spec: root, status: 'added', breaking: 0, changes: [] });
      continue;
    }
    if (![...files].some((f) => touchedHead.has(f)) && ![...before].some((f) => touchedBase.has(f))) continue;
    const changes = await specChanges(input, baseRoot, before, root, files);
    if (changes.length === 0) continue;
    out.push({ repo, spec: root, status: 'changed', breaking: changes.filter((c) => c.breaking === true).length, changes });
  }
  for (const root of [...baseSpecs.keys()].sort()) if (!seenBase.has(root)) out.push({ repo, spec: root, status: 'removed', breaking: 0, changes: [] });
  // Breaking first, then by path.
  return out.sort((a, b) => b.breaking - a.breaking || (a.spec < b.spec ? -1 : a.spec > b.spec ? 1 : 0));
}
