// Runs every extractor over one repository. A file that fails becomes a diagnostic; the rest of
// the repository is still extracted.

import { CODEOWNERS_PATHS } from '../extract/codeowners.ts';
import { extractDocPage, selectDocs } from '../extract/docs.ts';
import { discoverConfig, extractConfig, type ExtractConfigFile } from '../extract/config/index.ts';
import { discoverOpenApi, extractOpenApi } from '../extract/openapi/index.ts';
import { discoverTypeScript, extractTypeScript } from '../extract/typescript/index.ts';
import { fillLink } from '../git/remote.ts';
import type { ExtractMarkdownInput, MarkdownDoc } from '../extract/types.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { ExtractedPage } from '../model/extracted.ts';
import type { TemplateEnv } from '../render/handlebars.ts';
import type { RepoSource } from '../sources/open.ts';

/** Structured files some extractor may read (OpenAPI documents and the fragments they `$ref`). */
const STRUCTURED = /\.(ya?ml|json)$/i;
const NOT_SOURCES = /(^|\/)(node_modules|vendor|\.git)\/|(^|\/)(package-lock\.json|pnpm-lock\.yaml|yarn\.lock|composer\.lock)$/;

export interface ExtractOptions {
  /** Replaces the Markdown extractor (incremental builds pass a cached one). */
  extractMarkdown?: (input: ExtractMarkdownInput) => MarkdownDoc | null;
  /** Where TypeDoc results are cached by a digest of each package's inputs; null = no cache. */
  typescriptCacheDir?: string | null;
  /** Collects the TypeDoc cache files used (for pruning after the build). */
  typescriptCacheUsed?: Set<string>;
  /** Replace OpenAPI discovery and extraction (incremental builds pass cached ones, src/cache). */
  discoverOpenApi?: typeof discoverOpenApi;
  extractOpenApi?: typeof extractOpenApi;
  /** Replaces the per-file configuration extractor (likewise). */
  extractConfigFile?: ExtractConfigFile;
}

export async function extractRepo(source: RepoSource, templates: TemplateEnv, diagnostics: Diagnostics, options: ExtractOptions = {}): Promise<ExtractedPage[]> {
  const pages: ExtractedPage[] = [];
  const docs = selectDocs(source.paths, source.selection);
  const links = source.linkResolver(new Set(docs));
  await source.load([...docs, ...CODEOWNERS_PATHS, 'package.json']);
  for (const path of docs) {
    const text = source.read(path);
    if (text === null) continue;
    try {
      const page = extractDocPage(source.id, path, text, links, templates, diagnostics, options.extractMarkdown);
      if (page) pages.push(page);
    } catch (error) {
      diagnostics.error('E_EXTRACT', `could not extract this document: ${(error as Error).message}`, {
        repo: source.id,
        file: path,
        hint: 'This is a bug in livewiki if the file is valid Markdown; please report it with the file.',
      });
    }
  }
  const apis = await extractApis(source, templates, diagnostics, options);
  pages.push(...apis);
  pages.push(...(await extractTypeScriptApis(source, templates, diagnostics, options.typescriptCacheDir ?? null, options.typescriptCacheUsed)));
  // Files an API description is made of (roots and \$ref'd fragments) are not configuration.
  const apiFiles = new Set(apis.flatMap((p) => p.sources.map((s) => s.path)));
  pages.push(...(await extractConfiguration(source, templates, diagnostics, apiFiles, options.extractConfigFile)));
  return pages;
}

/** Configuration, manifests and version files; key and credential files are never loaded. */
const CONFIG_INPUTS =
  /(\.(ya?ml|json|jsonc|toml|ini|cfg|properties)|(^|\/)(Dockerfile|Containerfile)[^/]*|\.dockerfile|(^|\/)\.?env(\.[^/]*)?|\.env|(^|\/)\.(nvmrc|node-version|tool-versions|python-version|ruby-version|editorconfig)|(^|\/)requirements[^/]*\.txt)$/i;

async function extractConfiguration(source: RepoSource, templates: TemplateEnv, diagnostics: Diagnostics, skip: Set<string>, extractFile?: ExtractConfigFile): Promise<ExtractedPage[]> {
  await source.load(source.paths.filter((p) => CONFIG_INPUTS.test(p) && !NOT_SOURCES.test(p)));
  const files = { repo: source.id, paths: source.paths, read: (path: string) => source.read(path) };
  const found = discoverConfig(files, { include: source.config.include, exclude: source.config.exclude }, diagnostics).filter((f) => !skip.has(f.path));
  return extractConfig({ files, found, templates, diagnostics, ...(extractFile ? { extractFile } : {}) });
}

/** What TypeDoc may need to see of a package: sources, declarations, manifests, included docs. */
const TYPESCRIPT_INPUTS = /\.(tsx?|mts|cts|json|md)$/i;

async function extractTypeScriptApis(source: RepoSource, templates: TemplateEnv, diagnostics: Diagnostics, cacheDir: string | null, cacheUsed?: Set<string>): Promise<ExtractedPage[]> {
  await source.load(source.paths.filter((p) => TYPESCRIPT_INPUTS.test(p) && !NOT_SOURCES.test(p)));
  const files = { repo: source.id, root: source.root, paths: source.paths, read: (path: string) => source.read(path) };
  const pages: ExtractedPage[] = [];
  const fileUrl = (path: string, line: number): string | null => {
    const url = source.head ? fillLink(source.links.file, { sha: source.head, path }) : null;
    return url ? `${url}#L${line}` : null;
  };
  // One package at a time keeps memory bounded in large monorepos.
  for (const pkg of discoverTypeScript(files, [], diagnostics)) {
    pages.push(...(await extractTypeScript({ files, pkg, templates, diagnostics, cacheDir, ...(cacheUsed ? { cacheUsed } : {}), headSha: source.head, fileUrl })));
  }
  return pages;
}

async function extractApis(source: RepoSource, templates: TemplateEnv, diagnostics: Diagnostics, options: ExtractOptions): Promise<ExtractedPage[]> {
  const discover = options.discoverOpenApi ?? discoverOpenApi;
  const extract = options.extractOpenApi ?? extractOpenApi;
  await source.load(source.paths.filter((p) => STRUCTURED.test(p) && !NOT_SOURCES.test(p)));
  const files = { repo: source.id, paths: source.paths, read: (path: string) => source.read(path) };
  const pages: ExtractedPage[] = [];
  for (const root of discover(files, source.openapi, diagnostics)) {
    try {
      pages.push(...(await extract({ files, root, templates, diagnostics })));
    } catch (error) {
      // The extractor reports problems as diagnostics; a throw here is a bug, kept to this spec.
      diagnostics.error('E_EXTRACT', `could not extract this API description: ${(error as Error).message}`, { repo: source.id, file: root });
    }
  }
  return pages;
}
