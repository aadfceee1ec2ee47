// Finds TypeScript packages and their entry points from tracked files only (pure: no file system,
// nothing executed). package.json `types`/`typings`/`exports`/`main`/`module`, build output mapped
// back to sources, workspaces (npm/yarn `workspaces`, pnpm-workspace.yaml), a pure-data
// `typedoc.json` `entryPoints`, and entry points from the livewiki configuration.

import type { RepoFiles as BaseRepoFiles } from '../../model/snapshot.ts';
import { parse as parseJsonc } from 'jsonc-parser';
import picomatch from 'picomatch';
import { parse as parseYaml } from 'yaml';
import type { Diagnostics } from '../../model/diagnostics.ts';
import { joinRepoPath as join } from '../../utils/paths.ts';

/** The repository's files, plus the working tree's absolute path (read-only, for TypeDoc's sandbox). */
export interface RepoFiles extends BaseRepoFiles {
  root: string;
}

export interface TsPackage {
  /** Package directory, repo-relative ('' = repository root). */
  dir: string;
  name: string;
  /** Repo-relative entry point paths. */
  entryPoints: string[];
}

export interface ConfiguredTsPackage {
  dir: string;
  /** Relative to `dir` (a path already starting with `dir/` is taken as repo-relative). */
  entryPoints: string[];
}

const TS_SOURCE = /\.(d\.[mc]?ts|[mc]?tsx?)$/;
const OUT_DIRS = new Set(['dist', 'distribution', 'lib', 'build', 'out', 'output', 'esm', 'cjs', 'mjs', 'types', 'typings', 'dts', 'es', 'module', 'umd']);
const SOURCE_DIRS = ['src', 'source', 'lib'];
const FALLBACK_ENTRIES = ['src/index.ts', 'src/index.tsx', 'src/main.ts', 'index.ts', 'index.tsx', 'lib/index.ts', 'mod.ts', 'src/index.d.ts', 'index.d.ts'];
const EXPORT_CONDITIONS = ['types', 'typings', 'import', 'module', 'default', 'require', 'node'];

/** A path from package.json or tsconfig resolved in the package (Windows separators read as `/`). */
function joinPath(dir: string, path: string): string | null {
  return join(dir, path.replace(/\\/g, '/'));
}

function readJson(files: RepoFiles, path: string): Record<string, unknown> | null {
  const text = files.read(path);
  if (text === null) return null;
  const value = parseJsonc(text, [], { allowTrailingComma: true }) as unknown;
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/**
 * Targets named by `exports`, one group per subpath (all its conditions, `types` first); subpath
 * patterns and package.json are skipped.
 */
function exportTargets(value: unknown, out: string[][], depth = 0): void {
  if (depth > 8 || value === null || value === undefined) return;
  if (typeof value === 'string' || Array.isArray(value)) {
    const group: string[] = [];
    collectConditions(value, group, depth);
    if (group.length > 0) out.push(group);
    return;
  }
  if (typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.some((k) => k.startsWith('.'))) {
    for (const k of keys) if (!k.includes('*') && k !== './package.json') exportTargets(obj[k], out, depth + 1);
    return;
  }
  const group: string[] = [];
  collectConditions(obj, group, depth);
  if (group.length > 0) out.push(group);
}

function collectConditions(value: unknown, group: string[], depth: number): void {
  if (depth > 8) return;
  if (typeof value === 'string') {
    if (!value.includes('*') && !value.endsWith('package.json')) group.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectConditions(v, group, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    for (const k of [...EXPORT_CONDITIONS.filter((c) => c in obj), ...keys.filter((k) => !EXPORT_CONDITIONS.includes(k)).sort()]) collectConditions(obj[k], group, depth + 1);
  }
}

/** A package.json target → a tracked TypeScript source, mapping build output back to sources. */
function toSource(dir: string, target: string, tracked: Set<string>, outDir: { out: string; root: string } | null): string | null {
  const path = joinPath(dir, target);
  if (path === null) return null;
  const isDts = /\.d\.[mc]?ts$/.test(path);
  if (!isDts && TS_SOURCE.test(path) && tracked.has(path)) return path;
  const rel = dir === '' ? path : path.slice(dir.length + 1);
  const stem = rel.replace(/\.d\.[mc]?ts$|\.[mc]?[jt]sx?$/, '');
  const stems = [stem];
  if (outDir && stem.startsWith(`${outDir.out}/`)) stems.push([outDir.root, stem.slice(outDir.out.length + 1)].filter(Boolean).join('/'));
  const segs = stem.split('/');
  for (let k = 1; k < segs.length && OUT_DIRS.has(segs[k - 1]!); k++) {
    for (const src of SOURCE_DIRS) stems.push([src, ...segs.slice(k)].join('/'));
    stems.push(segs.slice(k).join('/'));
  }
  for (const s of stems) {
    for (const ext of ['.ts', '.tsx', '.mts', '.cts']) {
      const candidate = joinPath(dir, s + ext);
      if (candidate !== null && tracked.has(candidate)) return candidate;
    }
  }
  // A hand-written declaration package: the tracked .d.ts itself.
  if (isDts && tracked.has(path)) return path;
  return null;
}

function tsconfigOutDir(files: RepoFiles, dir: string): { out: string; root: string } | null {
  const config = readJson(files, joinPath(dir, 'tsconfig.json') ?? 'tsconfig.json');
  const options = config?.compilerOptions as Record<string, unknown> | undefined;
  const out = typeof options?.outDir === 'string' ? joinPath('', options.outDir) : null;
  const root = typeof options?.rootDir === 'string' ? joinPath('', options.rootDir) : 'src';
  return out ? { out, root: root ?? '' } : null;
}

function entriesFor(files: RepoFiles, dir: string, tracked: Set<string>): string[] {
  const manifest = readJson(files, joinPath(dir, 'package.json')!);
  const outDir = tsconfigOutDir(files, dir);
  const entries: string[] = [];
  const add = (target: unknown): void => {
    if (typeof target !== 'string') return;
    const source = toSource(dir, target, tracked, outDir);
    if (source && !entries.includes(source)) entries.push(source);
  };
  // A pure-data typedoc.json may name entry points (only that key is read; never JS configs).
  const typedoc = readJson(files, joinPath(dir, 'typedoc.json')!);
  if (Array.isArray(typedoc?.entryPoints)) {
    for (const e of typedoc.entryPoints) if (typeof e === 'string' && !/[*?{}[\]]/.test(e)) add(e);
    if (entries.length > 0) return entries;
  }
  if (manifest) {
    const groups: string[][] = [];
    exportTargets(manifest.exports, groups);
    for (const group of groups) {
      // A condition naming the source directly (e.g. a custom `@scope/source` condition) wins.
      const direct = group.map((t) => joinPath(dir, t)).find((p) => p !== null && TS_SOURCE.test(p) && !/\.d\.[mc]?ts$/.test(p) && tracked.has(p));
      if (direct) {
        if (!entries.includes(direct)) entries.push(direct);
        continue;
      }
      const source = group.map((t) => toSource(dir, t, tracked, outDir)).find((p) => p !== null);
      if (source && !entries.includes(source)) entries.push(source);
    }
    if (entries.length === 0) {
      add(manifest.types);
      add(manifest.typings);
      add(manifest.module);
      add(manifest.main);
    }
  }
  if (entries.length === 0 && (tracked.has(joinPath(dir, 'tsconfig.json')!) || manifest?.types !== undefined || manifest?.typings !== undefined)) {
    for (const f of FALLBACK_ENTRIES) {
      const p = joinPath(dir, f)!;
      if (tracked.has(p)) {
        entries.push(p);
        break;
      }
    }
  }
  return entries;
}

function workspacePatterns(files: RepoFiles): string[] {
  const patterns: string[] = [];
  const root = readJson(files, 'package.json');
  const ws = root?.workspaces;
  const list = Array.isArray(ws) ? ws : ws && typeof ws === 'object' ? (ws as { packages?: unknown }).packages : null;
  if (Array.isArray(list)) for (const p of list) if (typeof p === 'string') patterns.push(p);
  const pnpm = files.read('pnpm-workspace.yaml');
  if (pnpm !== null) {
    try {
      const doc = parseYaml(pnpm, { maxAliasCount: 10 }) as { packages?: unknown } | null;
      if (Array.isArray(doc?.packages)) for (const p of doc.packages) if (typeof p === 'string') patterns.push(p);
    } catch {
      // An unreadable pnpm-workspace.yaml only means fewer packages found.
    }
  }
  return patterns.map((p) => p.replace(/^\.\//, '').replace(/\/+$/, ''));
}

export function discoverTypeScript(files: RepoFiles, configured: ConfiguredTsPackage[], diagnostics: Diagnostics): TsPackage[] {
  const tracked = new Set(files.paths);
  const dirs = new Set<string>();
  if (tracked.has('package.json') || tracked.has('tsconfig.json')) dirs.add('');
  const patterns = workspacePatterns(files);
  if (patterns.length > 0) {
    const include = picomatch(patterns.filter((p) => !p.startsWith('!')));
    const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
    const excluded = exclude.length > 0 ? picomatch(exclude) : () => false;
    for (const path of files.paths) {
      if (!path.endsWith('/package.json') || path.split('/').includes('node_modules')) continue;
      const dir = path.slice(0, -'/package.json'.length);
      if (include(dir) && !excluded(dir)) dirs.add(dir);
    }
  }
  const packages = new Map<string, TsPackage>();
  for (const dir of dirs) {
    const entryPoints = entriesFor(files, dir, tracked);
    if (entryPoints.length > 0) packages.set(dir, { dir, name: packageName(files, dir), entryPoints });
  }
  for (const c of configured) {
    const dir = joinPath('', c.dir) ?? '';
    const entryPoints: string[] = [];
    for (const e of c.entryPoints) {
      const path = dir !== '' && e.startsWith(`${dir}/`) ? joinPath('', e) : joinPath(dir, e);
      if (path !== null && tracked.has(path) && TS_SOURCE.test(path)) entryPoints.push(path);
      else {
        diagnostics.error('E_TS_ENTRY_MISSING', `Configured TypeScript entry point "${e}" is not a tracked TypeScript file.`, {
          repo: files.repo,
          file: path ?? e,
          hint: 'Entry points are relative to the configured package directory.',
        });
      }
    }
    const found = entryPoints.length > 0 ? entryPoints : entriesFor(files, dir, tracked);
    if (found.length > 0) packages.set(dir, { dir, name: packageName(files, dir), entryPoints: found });
    else diagnostics.warn('W_TS_NO_ENTRY', `No TypeScript entry point found for the configured package "${dir || '.'}".`, { repo: files.repo, file: dir || '.' });
  }
  return [...packages.values()].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
}

function packageName(files: RepoFiles, dir: string): string {
  const manifest = readJson(files, joinPath(dir, 'package.json')!);
  if (typeof manifest?.name === 'string' && manifest.name.trim() !== '') return manifest.name.trim();
  return dir === '' ? files.repo : dir.slice(dir.lastIndexOf('/') + 1);
}

/** The package's manifest fields shown on its overview page. */
export function packageManifest(files: RepoFiles, dir: string): { version: string | null; description: string | null } {
  const manifest = readJson(files, joinPath(dir, 'package.json')!);
  return {
    version: typeof manifest?.version === 'string' ? manifest.version : null,
    description: typeof manifest?.description === 'string' ? manifest.description : null,
  };
}

/** Pure-data options from the package's `typedoc.json` (allow-list; everything else ignored). */
export function safeTypedocOptions(files: RepoFiles, dir: string): Record<string, boolean> {
  const config = readJson(files, joinPath(dir, 'typedoc.json')!);
  const out: Record<string, boolean> = {};
  for (const key of ['excludePrivate', 'excludeProtected', 'excludeInternal', 'excludeNotDocumented']) {
    if (typeof config?.[key] === 'boolean') out[key] = config[key] as boolean;
  }
  return out;
}

export { readJson as readRepoJson };
