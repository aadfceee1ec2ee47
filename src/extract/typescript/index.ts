// TypeScript API reference through TypeDoc (issue 4): discovery, a sandboxed and cached
// conversion per package, and pages whose sections are the exported symbols.

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostics } from '../../model/diagnostics.ts';
import type { ExtractedPage } from '../../model/extracted.ts';
import type { TemplateEnv } from '../../render/handlebars.ts';
import { packageManifest, safeTypedocOptions, type RepoFiles, type TsPackage } from './discover.ts';
import { collectInputs, inputsDigest, materialize } from './inputs.ts';
import { MODEL_VERSION, type TsModel } from './model.ts';
import { buildPages, type FileUrl } from './pages.ts';
import { runTypedocChild, type RunLimits } from './runner.ts';

export { discoverTypeScript, type ConfiguredTsPackage, type RepoFiles, type TsPackage } from './discover.ts';
export type { RunLimits } from './runner.ts';

export interface ExtractTypeScriptInput {
  files: RepoFiles;
  pkg: TsPackage;
  templates: TemplateEnv;
  diagnostics: Diagnostics;
  cacheDir: string | null;
  /** Collects the cache files this build read or wrote (the rest may be pruned). */
  cacheUsed?: Set<string>;
  headSha: string | null;
  fileUrl: FileUrl;
  /** Per-package budget of the TypeDoc child (defaults: 120 s, 2048 MB). */
  limits?: RunLimits;
}

/** Observable counters (tests, benchmarks): TypeDoc runs vs cache hits in this process. */
export const typescriptStats = { conversions: 0, cacheHits: 0, lastConversionMs: 0 };

// One conversion at a time, whatever the caller does: memory stays bounded in large monorepos.
let queue: Promise<unknown> = Promise.resolve();

function serialized<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

const HERE = dirname(fileURLToPath(import.meta.url));

let versions: Record<string, string> | null = null;

/** livewiki, typedoc and typescript versions: part of the cache key. */
function toolVersions(): Record<string, string> {
  if (versions) return versions;
  const read = (path: string): string => {
    try {
      return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? '?';
    } catch {
      return '?';
    }
  };
  const find = (name: string): string => {
    for (let dir = HERE; dirname(dir) !== dir; dir = dirname(dir)) {
      const p = join(dir, 'node_modules', name, 'package.json');
      if (existsSync(p)) return read(p);
    }
    return '?';
  };
  versions = { livewiki: read(join(HERE, '../../../package.json')), typedoc: find('typedoc'), typescript: find('typescript') };
  return versions;
}

function readCache(path: string): TsModel | null {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<TsModel> | null;
    if (value && value.modelVersion === MODEL_VERSION && Array.isArray(value.modules) && Array.isArray(value.issues) && Array.isArray(value.unresolved)) {
      return value as TsModel;
    }
  } catch {
    // Missing or corrupt: convert again and rewrite.
  }
  return null;
}

/** Removes cached conversions not in `used` (older inputs); returns how many. */
export function pruneTypeScriptCache(cacheDir: string, used: Set<string>): number {
  const dir = join(cacheDir, 'typescript');
  let removed = 0;
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (!name.endsWith('.json') || used.has(path)) continue;
    rmSync(path, { force: true });
    removed++;
  }
  return removed;
}

function writeCache(path: string, model: TsModel): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(model));
  renameSync(tmp, path);
}

/** One package → pages. Never throws: failures become diagnostics (+ a banner on the package page). */
export async function extractTypeScript(input: ExtractTypeScriptInput): Promise<ExtractedPage[]> {
  const { files, pkg, diagnostics } = input;
  const repo = files.repo;
  const banners: { severity: 'error' | 'warning'; message: string }[] = [];
  let model: TsModel | null = null;
  try {
    model = await serialized(() => convert(input, banners));
  } catch (error) {
    const message = `TypeScript extraction of ${pkg.name} failed: ${(error as Error).message}`;
    diagnostics.error('E_TS_EXTRACT', message, { repo, file: pkg.dir || '.' });
    banners.push({ severity: 'error', message });
  }
  if (model) {
    for (const issue of model.issues) {
      diagnostics.add({ code: issue.code, severity: issue.severity, message: issue.message, repo, ...(issue.file ? { file: issue.file } : {}), ...(issue.line ? { line: issue.line } : {}) });
      if (issue.severity === 'error') banners.push({ severity: 'error', message: issue.message });
    }
    if (model.unresolved.length > 0) {
      diagnostics.warn('W_TS_UNRESOLVED', `${pkg.name}: ${model.unresolved.length} imported module(s) could not be resolved (${model.unresolved.slice(0, 5).join(', ')}${model.unresolved.length > 5 ? ', …' : ''}); their types are shown as written.`, {
        repo,
        file: pkg.dir || '.',
        hint: "livewiki reads only the package's tracked sources (never node_modules, never installs), so types from dependencies are shown as written.",
      });
    }
  }
  try {
    return buildPages({ files, pkg, model, templates: input.templates, fileUrl: input.fileUrl, manifest: packageManifest(files, pkg.dir), banners });
  } catch (error) {
    diagnostics.error('E_TS_EXTRACT', `TypeScript pages of ${pkg.name} could not be built: ${(error as Error).message}`, { repo, file: pkg.dir || '.' });
    return [];
  }
}

async function convert(input: ExtractTypeScriptInput, banners: { severity: 'error' | 'warning'; message: string }[]): Promise<TsModel | null> {
  const { files, pkg, diagnostics } = input;
  const inputs = collectInputs(files, pkg);
  const options = safeTypedocOptions(files, pkg.dir);
  const digest = inputsDigest(inputs, pkg, options, toolVersions());
  const cachePath = input.cacheDir ? join(input.cacheDir, 'typescript', `${digest}.json`) : null;
  if (cachePath) {
    const cached = readCache(cachePath);
    if (cached) {
      typescriptStats.cacheHits++;
      input.cacheUsed?.add(cachePath);
      return cached;
    }
  }
  const sandbox = materialize(inputs);
  try {
    typescriptStats.conversions++;
    const result = await runTypedocChild({ root: sandbox.root, entryPoints: pkg.entryPoints, tsconfig: inputs.tsconfig, name: pkg.name, options }, input.limits);
    typescriptStats.lastConversionMs = result.ms;
    if (!result.ok) {
      const message = `${pkg.name}: ${result.message}`;
      diagnostics.error(result.code, message, { repo: files.repo, file: pkg.dir || '.', hint: result.code === 'E_TS_TIMEOUT' ? 'Narrow the entry points of this package in the livewiki configuration.' : undefined });
      banners.push({ severity: 'error', message });
      return null;
    }
    if (cachePath) {
      try {
        writeCache(cachePath, result.model);
        input.cacheUsed?.add(cachePath);
      } catch (error) {
        diagnostics.warn('W_TS_CACHE', `Could not write the TypeScript cache: ${(error as Error).message}`, { repo: files.repo });
      }
    }
    return result.model;
  } finally {
    sandbox.cleanup();
  }
}
