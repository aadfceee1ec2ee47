// TypeScript API reference through TypeDoc (issue 4): discovery, a sandboxed and cached
// conversion per package, and pages whose sections are the exported symbols.

import type { Store } from '../../cache/index.ts';
import { isCode } from '../../model/codes.ts';
import type { Diagnostics } from '../../model/diagnostics.ts';
import type { ExtractedPage } from '../../model/extracted.ts';
import type { TemplateRenderer } from '../../model/templates.ts';
import { packageManifest, safeTypedocOptions, type RepoFiles, type TsPackage } from './discover.ts';
import { collectInputs, inputsDigest, materialize } from './inputs.ts';
import { MODEL_VERSION, type TsModel } from './model.ts';
import { buildPages, type FileUrl } from './pages.ts';
import { runTypedocChild, type RunLimits } from './runner.ts';
import { GENERATOR } from '../../model/generator.ts';
import { installedVersion } from '../../utils/packages.ts';
import { serialQueue } from '../../utils/queue.ts';

export { discoverTypeScript, type ConfiguredTsPackage, type RepoFiles, type TsPackage } from './discover.ts';
export type { RunLimits } from './runner.ts';

export interface ExtractTypeScriptInput {
  files: RepoFiles;
  pkg: TsPackage;
  templates: TemplateRenderer;
  diagnostics: Diagnostics;
  /** Build cache: conversions are kept by a digest of the package's inputs; null = no cache. */
  store: Store | null;
  headSha: string | null;
  fileUrl: FileUrl;
  /** Per-package budget of the TypeDoc child (defaults: 120 s, 2048 MB). */
  limits?: RunLimits;
}

// One conversion at a time, whatever the caller does: memory stays bounded in large monorepos.
const serialized = serialQueue();

/** livewiki, typedoc and typescript versions: part of the cache key. */
function toolVersions(): Record<string, string> {
  return { livewiki: GENERATOR.version, typedoc: installedVersion('typedoc'), typescript: installedVersion('typescript') };
}

/** TypeDoc conversions across builds, by a digest of the package's inputs and the tools' versions. */
export const TYPEDOC_KIND = 'typedoc';

function isModel(value: Partial<TsModel> | null): value is TsModel {
  return value !== null && typeof value === 'object' && value.modelVersion === MODEL_VERSION && Array.isArray(value.modules) && Array.isArray(value.issues) && Array.isArray(value.unresolved);
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
      diagnostics.add({ code: isCode(issue.code) ? issue.code : 'W_TS_TYPEDOC', severity: issue.severity, message: issue.message, repo, ...(issue.file ? { file: issue.file } : {}), ...(issue.line ? { line: issue.line } : {}) });
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
  const { store } = input;
  if (store) {
    const text = store.getText(TYPEDOC_KIND, [digest]);
    if (text !== null) {
      let cached: Partial<TsModel> | null = null;
      try {
        cached = JSON.parse(text) as Partial<TsModel> | null;
      } catch {
        // Checked by the store already; a payload that is not a model is rebuilt below.
      }
      if (isModel(cached)) {
        return cached;
      }
      store.stale(TYPEDOC_KIND, 'not a TypeScript model');
    }
  }
  const sandbox = materialize(inputs);
  try {
    const result = await runTypedocChild({ root: sandbox.root, entryPoints: pkg.entryPoints, tsconfig: inputs.tsconfig, name: pkg.name, options }, input.limits);
    if (!result.ok) {
      const message = `${pkg.name}: ${result.message}`;
      diagnostics.error(result.code, message, { repo: files.repo, file: pkg.dir || '.', hint: result.code === 'E_TS_TIMEOUT' ? 'Narrow the entry points of this package in the livewiki configuration.' : undefined });
      banners.push({ severity: 'error', message });
      return null;
    }
    store?.putText(TYPEDOC_KIND, [digest], JSON.stringify(result.model));
    return result.model;
  } finally {
    sandbox.cleanup();
  }
}
