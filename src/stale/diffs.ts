// Semantic changes a commit made to one configuration file or API description, by the change
// engines (src/changes): the old version is the file at the commit's first parent (under its
// earlier name after a rename). Each pair of blobs is diffed once: in memory for the run and in
// the Store across runs, keyed by both blob ids.

import type { Store } from '../cache/index.ts';
import { diffConfig, diffOpenApi } from '../changes/index.ts';
import { kindByName } from '../extract/config/discover.ts';
import { extractConfigFile } from '../extract/config/index.ts';
import { SAFE_YAML } from '../extract/yaml-options.ts';
import { blobAt, readBlob, type GitRepo } from '../git/repo.ts';
import { formerPaths } from '../history/query.ts';
import { Diagnostics } from '../model/diagnostics.ts';
import type { Commit, RepoHistory } from '../model/history.ts';
import type { TemplateRenderer } from '../model/templates.ts';
import { parse as parseYaml } from 'yaml';

export interface FileChange {
  key: string;
  change: 'added' | 'removed' | 'changed' | 'deprecated' | 'renamed';
  breaking: boolean | null;
  summary: string;
  /** For renamed config keys: the key before. */
  fromKey?: string;
  /** For API changes: what the change is attached to. */
  entity?: string;
}

export type DiffKind = 'config' | 'openapi';

export const DIFF_KIND = 'semantic-diff';
/** Larger files are not diffed (their changes still count as file changes). */
const MAX_DIFF_BYTES = 2 * 1024 * 1024;

export interface DiffContext {
  git: GitRepo;
  history: RepoHistory;
  templates: TemplateRenderer;
  store: Store | null;
}

function isFileChanges(v: unknown): v is FileChange[] {
  return Array.isArray(v) && v.every((c) => typeof c === 'object' && c !== null && typeof (c as FileChange).key === 'string' && typeof (c as FileChange).summary === 'string' && typeof (c as FileChange).change === 'string');
}

function parseConfig(path: string, text: string, templates: TemplateRenderer): ReturnType<typeof extractConfigFile>['parsed'] {
  const kind = kindByName(path) ?? 'yaml';
  return extractConfigFile({ repo: 'x', path, kind, text, owners: [], templates, diagnostics: new Diagnostics() }).parsed;
}

function parseSpec(path: string, text: string): unknown {
  try {
    if (/\.json$/i.test(path)) return JSON.parse(text) as unknown;
    return parseYaml(text, { ...SAFE_YAML, maxAliasCount: 50 }) as unknown;
  } catch {
    return null;
  }
}

function diffTexts(kind: DiffKind, path: string, before: string | null, after: string | null, templates: TemplateRenderer): FileChange[] {
  if (kind === 'config') {
    const empty = parseConfig(path, '', templates);
    const changes = diffConfig(before === null ? empty : parseConfig(path, before, templates), after === null ? empty : parseConfig(path, after, templates));
    return changes.map((c) => ({ key: c.key, change: c.change, breaking: c.breaking, summary: c.summary, ...(c.fromKey ? { fromKey: c.fromKey } : {}) }));
  }
  const oldDoc = before === null ? {} : parseSpec(path, before);
  const newDoc = after === null ? {} : parseSpec(path, after);
  if (oldDoc === null || newDoc === null) return [];
  try {
    return diffOpenApi(oldDoc, newDoc).map((c) => ({ key: c.key, change: c.change, breaking: c.breaking, summary: c.summary, entity: c.entity }));
  } catch {
    return [];
  }
}

async function blobOf(git: GitRepo, sha: string, paths: readonly string[]): Promise<string | null> {
  for (const p of paths) {
    const b = await blobAt(git, sha, p);
    if (b.ok && b.value !== null) return b.value;
  }
  return null;
}

async function text(git: GitRepo, blob: string | null): Promise<string | null> {
  if (blob === null) return null;
  const r = await readBlob(git, blob);
  if (!r.ok || r.value.length > MAX_DIFF_BYTES) return null;
  return r.value.toString('utf8');
}

const memo = new WeakMap<RepoHistory, Map<string, Promise<FileChange[]>>>();

/** What `commit` changed in `path` (a config file or an API description), per key. */
export function changesAt(ctx: DiffContext, kind: DiffKind, path: string, commit: Commit): Promise<FileChange[]> {
  let byKey = memo.get(ctx.history);
  if (!byKey) memo.set(ctx.history, (byKey = new Map()));
  const id = `${kind}\u0000${path}\u0000${commit.sha}`;
  let found = byKey.get(id);
  if (!found) {
    found = compute(ctx, kind, path, commit);
    byKey.set(id, found);
  }
  return found;
}

async function compute(ctx: DiffContext, kind: DiffKind, path: string, commit: Commit): Promise<FileChange[]> {
  const after = await blobOf(ctx.git, commit.sha, [path, ...formerPaths(ctx.history, path)]);
  const parent = commit.parents[0];
  const before = parent ? await blobOf(ctx.git, parent, [path, ...formerPaths(ctx.history, path)]) : null;
  if (after === before) return [];
  // A specification that appears whole is all "added" (never breaking): not worth parsing twice.
  if (kind === 'openapi' && before === null) return [];
  const run = async (): Promise<FileChange[]> => diffTexts(kind, path, await text(ctx.git, before), await text(ctx.git, after), ctx.templates);
  if (!ctx.store) return run();
  const input = { kind, path, before, after, templates: ctx.templates.digest };
  const hit = ctx.store.get<unknown>(DIFF_KIND, [JSON.stringify(input)]);
  if (hit !== null && isFileChanges(hit)) return hit;
  if (hit !== null) ctx.store.stale(DIFF_KIND, 'not a list of changes');
  const value = await run();
  ctx.store.put(DIFF_KIND, [JSON.stringify(input)], value);
  return value;
}
