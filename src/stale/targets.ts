// What a claim names in its repository (issue 15.1): a tracked file, the files a glob matches, a
// documented config key, an API operation or a documented symbol. Declared claims (`covers:`)
// may name any of these; evident ones are narrower so prose does not go stale by accident: a
// link names a tracked file that is not itself a document, an inline code span names a
// documented config key (`timeout`, `timeout: 30`), an operation (`GET /pets/{id}`) or a symbol.

import picomatch from 'picomatch';
import type { WikiTree } from '../model/wiki.ts';
import type { Claim } from './claims.ts';

export type Target =
  | { covers: 'file'; path: string }
  | { covers: 'config-key'; path: string; key: string }
  | { covers: 'operation'; path: string; key: string }
  | { covers: 'symbol'; path: string; key: string; page: string; anchor: string };

/** The repository's coverable things, indexed once per repository. */
export interface RepoTargets {
  paths: ReadonlySet<string>;
  sortedPaths: readonly string[];
  configKeys: Map<string, Target[]>;
  operations: Map<string, Target[]>;
  symbols: Map<string, Target[]>;
}

const METHODS = 'GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS|TRACE';
const OPERATION = new RegExp(`^(${METHODS})\\s+(\\/\\S*)$`, 'i');
const DOC_FILE = /\.(md|mdx|markdown)$/i;
const GLOB = /[*?[\]{}!]/;
/** Top-level keys too common to be evident references from inline code (declare them with `covers:`). */
const COMMON_KEYS = new Set(['name', 'version', 'type', 'id', 'description', 'title', 'enabled', 'image', 'kind', 'metadata', 'spec', 'data', 'value', 'key', 'env', 'default', 'true', 'false', 'null']);
/** Files a glob may name; a broader claim says little. */
const MAX_GLOB_FILES = 200;

function add(map: Map<string, Target[]>, key: string, t: Target): void {
  const list = map.get(key);
  if (list) {
    if (!list.some((x) => x.path === t.path)) list.push(t);
  } else map.set(key, [t]);
}

export function repoTargets(tree: WikiTree, repo: string, paths: readonly string[]): RepoTargets {
  const out: RepoTargets = { paths: new Set(paths), sortedPaths: paths, configKeys: new Map(), operations: new Map(), symbols: new Map() };
  for (const { page } of tree.nodes) {
    if (page.repo !== repo) continue;
    for (const s of page.sections) {
      const path = s.sources[0]?.path;
      if (path === undefined) continue;
      if (page.kind === 'config' && s.kind === 'config-key') add(out.configKeys, s.key, { covers: 'config-key', path, key: s.key });
      else if (page.kind === 'openapi' && s.kind === 'operation') add(out.operations, s.key, { covers: 'operation', path, key: s.key });
      else if (page.kind === 'typescript' && s.kind === 'symbol') add(out.symbols, s.key, { covers: 'symbol', path, key: s.key, page: page.id, anchor: s.anchor });
    }
  }
  return out;
}

function operationKey(text: string): string | null {
  const m = OPERATION.exec(text.trim());
  return m ? `${m[1]!.toUpperCase()} ${m[2]}` : null;
}

function normalize(path: string): string | null {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}

/** A link's target as a repository path, or null (external, an anchor, outside the repository). */
function linkPath(url: string, docPath: string): string | null {
  if (url === '' || url.startsWith('#') || url.startsWith('//') || /^[a-z][a-z0-9+.-]*:/i.test(url)) return null;
  let path = url.replace(/[?#].*$/, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    return null;
  }
  const dir = docPath.includes('/') ? docPath.slice(0, docPath.lastIndexOf('/')) : '';
  return normalize(path.startsWith('/') ? path : `${dir}/${path}`);
}

function fileTargets(t: RepoTargets, path: string): Target[] {
  return t.paths.has(path) ? [{ covers: 'file', path }] : [];
}

/** What a declared claim (`covers:`, a covers comment) names; empty when nothing. */
function declared(t: RepoTargets, text: string, docPath: string): Target[] {
  const op = operationKey(text);
  if (op) return t.operations.get(op) ?? [];
  const hash = text.indexOf('#');
  if (hash > 0) {
    // `config/app.yaml#server.timeout`: a key of one file.
    const path = normalize(text.slice(0, hash));
    const key = text.slice(hash + 1);
    return [...(t.configKeys.get(key) ?? []), ...(t.symbols.get(key) ?? [])].filter((x) => x.path === path);
  }
  const asPath = normalize(text.replace(/^\.\//, ''));
  if (asPath !== null && t.paths.has(asPath)) return fileTargets(t, asPath);
  if (GLOB.test(text)) {
    const match = picomatch(text.replace(/^\.?\//, ''), { dot: true });
    return t.sortedPaths.filter((p) => p !== docPath && match(p)).slice(0, MAX_GLOB_FILES).map((path) => ({ covers: 'file' as const, path }));
  }
  return [...(t.configKeys.get(text) ?? []), ...(t.symbols.get(text) ?? [])];
}

/** What an inline code span evidently names. */
function code(t: RepoTargets, text: string): Target[] {
  const value = text.trim();
  const op = operationKey(value);
  if (op) return t.operations.get(op) ?? [];
  // `timeout: 30`, `timeout=30`, `--timeout` are about the key.
  const key = /^([A-Za-z_][\w.-]*)\s*[:=]/.exec(value)?.[1] ?? value;
  // A key named in prose must be unambiguous: one file documents it, and an undotted key is not
  // a word every config file has (`name`, `version`), or every such mention would go stale.
  const found = t.configKeys.get(key) ?? [];
  const keys = found.length === 1 && (key.includes('.') || !COMMON_KEYS.has(key.toLowerCase())) ? found : [];
  // A symbol is named as code (`build()`, `Store.get`, `createClient`), not as a plain word (`build`).
  const symbol = value.replace(/\(\)$/, '');
  const codeLike = value.endsWith('()') || symbol.includes('.') || /[A-Z_$]/.test(symbol);
  const symbols = symbol.length >= 3 && codeLike ? (t.symbols.get(symbol) ?? []) : [];
  return [...keys, ...symbols];
}

/** The targets a claim names; `resolved` false for a declared claim that names nothing (a typo). */
export function resolveClaim(t: RepoTargets, claim: Claim, docPath: string): Target[] {
  if (claim.how === 'declared') return declared(t, claim.text, docPath);
  if (claim.how === 'code') return code(t, claim.text);
  const path = linkPath(claim.text, docPath);
  if (path === null || path === docPath || DOC_FILE.test(path)) return [];
  return fileTargets(t, path);
}

export function targetId(t: Target): string {
  return `${t.covers}\u0000${t.path}\u0000${'key' in t ? t.key : ''}`;
}
