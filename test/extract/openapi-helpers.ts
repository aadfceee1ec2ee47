// Test adapters for the OpenAPI extractor: a `RepoFiles` over a folder (the corpus) or in-memory
// files. The pipeline reads from git; these read what a test points them at, nothing else.

import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { RepoFiles } from '../../src/extract/openapi/index.ts';
import { corpusPath } from '../helpers/corpus.ts';

export const CORPUS = corpusPath('openapi');

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => lstatSync(join(dir, f)).isFile())
    .map((f) => f.split(sep).join('/'))
    .sort();
}

/** Files of a folder; `read` answers only for listed regular files, like git's tracked files. */
export function folderFiles(dir: string, repo = 'corpus'): RepoFiles & { reads: string[] } {
  const paths = listFiles(dir);
  const tracked = new Set(paths);
  const reads: string[] = [];
  return {
    repo,
    paths,
    reads,
    read(path) {
      reads.push(path);
      if (!tracked.has(path)) return null;
      const full = join(dir, path);
      if (relative(dir, full).startsWith('..')) return null;
      return readFileSync(full, 'utf8');
    },
  };
}

export function memoryFiles(files: Record<string, string>, repo = 'r'): RepoFiles & { reads: string[] } {
  const map = new Map(Object.entries(files));
  const reads: string[] = [];
  return {
    repo,
    paths: [...map.keys()].sort(),
    reads,
    read(path) {
      reads.push(path);
      return map.get(path) ?? null;
    },
  };
}

/** Independent count: `paths` × HTTP methods (+ 3.2 `query`/`additionalOperations`), internal path-item refs followed. */
export function expectedKeys(root: string, corpus = CORPUS): string[] {
  const raw = readFileSync(join(corpus, root), 'utf8');
  const doc = (root.endsWith('.json') ? JSON.parse(raw) : parseYaml(raw, { maxAliasCount: -1 })) as Record<string, any>;
  const is32 = typeof doc.openapi === 'string' && doc.openapi.startsWith('3.2');
  const keys: string[] = [];
  for (const [path, rawItem] of Object.entries<any>(doc.paths ?? {})) {
    if (path.startsWith('x-')) continue;
    let item = rawItem;
    if (typeof item?.$ref === 'string' && item.$ref.startsWith('#/')) {
      item = item.$ref.slice(2).split('/').reduce((n: any, s: string) => n?.[s.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
    }
    for (const m of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', ...(is32 ? ['query'] : [])]) if (item?.[m]) keys.push(`${m.toUpperCase()} ${path}`);
    if (is32) for (const m of Object.keys(item?.additionalOperations ?? {})) keys.push(`${m.toUpperCase()} ${path}`);
  }
  return keys.sort();
}

