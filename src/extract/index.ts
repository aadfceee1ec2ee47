// The extract stage: every extractor over one repository snapshot. Each source (a document, an
// API description, a TypeScript package, a configuration file) is a unit with its own pages and
// its own diagnostics; a unit that fails becomes a diagnostic and the rest is still extracted.

import type { Store } from '../cache/index.ts';
import { fillLink } from '../git/remote.ts';
import { Diagnostics, type Diagnostic } from '../model/diagnostics.ts';
import type { ExtractedPage, ExtractedUnit } from '../model/extracted.ts';
import type { RepoFiles, RepoSnapshot } from '../model/snapshot.ts';
import type { TemplateRenderer } from '../model/templates.ts';
import { MAX_TEXT_BYTES, type RepoReader } from '../snapshot/reader.ts';
import { cachedExtractConfigFile } from './config/cached.ts';
import { discoverConfig, extractConfig, extractConfigFile } from './config/index.ts';
import { cachedExtractMarkdown } from './markdown/cached.ts';
import { extractMarkdown } from './markdown/index.ts';
import { extractDocPage, selectDocs, unreadDocPage } from './markdown/page.ts';
import { linkResolver } from './markdown/resolver.ts';
import { cachedOpenApi } from './openapi/cached.ts';
import { discoverOpenApi, extractOpenApi } from './openapi/index.ts';
import { attachOwners } from './owners.ts';
import { discoverTypeScript, extractTypeScript } from './typescript/index.ts';

/** Structured files some extractor may read (OpenAPI documents and the fragments they `$ref`). */
const STRUCTURED = /\.(ya?ml|json)$/i;
const NOT_SOURCES = /(^|\/)(node_modules|vendor|\.git)\/|(^|\/)(package-lock\.json|pnpm-lock\.yaml|yarn\.lock|composer\.lock)$/;
/** Configuration, manifests and version files; key and credential files are never loaded. */
const CONFIG_INPUTS =
  /(\.(ya?ml|json|jsonc|toml|ini|cfg|properties)|(^|\/)(Dockerfile|Containerfile)[^/]*|\.dockerfile|(^|\/)\.?env(\.[^/]*)?|\.env|(^|\/)\.(nvmrc|node-version|tool-versions|python-version|ruby-version|editorconfig)|(^|\/)requirements[^/]*\.txt)$/i;
/** What TypeDoc may need to see of a package: sources, declarations, manifests, included docs. */
const TYPESCRIPT_INPUTS = /\.(tsx?|mts|cts|json|md)$/i;

export interface ExtractContext {
  templates: TemplateRenderer;
  /** Build cache; null when caching is off. */
  store: Store | null;
}

export interface ExtractedRepo {
  repo: string;
  /** Units in a fixed order: documents, API descriptions, TypeScript packages, configuration. */
  units: ExtractedUnit[];
  /** Images the documents link to (repository paths), to publish with the site. */
  assets: string[];
}

/** Every page of the repository, units in order. */
export function pagesOf(extracted: ExtractedRepo): ExtractedPage[] {
  return extracted.units.flatMap((u) => u.pages);
}

export async function extractRepo(snapshot: RepoSnapshot, files: RepoReader, ctx: ExtractContext): Promise<ExtractedRepo> {
  const units: ExtractedUnit[] = [];
  const assets = new Set<string>();
  units.push(...(await extractDocs(snapshot, files, ctx, assets)));
  const apis = await extractApis(snapshot, files, ctx);
  units.push(...apis);
  units.push(...(await extractTypeScriptApis(snapshot, files, ctx)));
  // Files an API description is made of (roots and $ref'd fragments) are not configuration.
  const apiFiles = new Set(apis.flatMap((u) => u.pages.flatMap((p) => p.sources.map((s) => s.path))));
  units.push(...(await extractConfiguration(snapshot, files, ctx, apiFiles)));
  for (const unit of units) attachOwners(unit.pages, snapshot);
  return { repo: snapshot.id, units, assets: [...assets].sort() };
}

/** Runs one unit's extraction with its own diagnostics; a throw is a bug, kept to that unit. */
async function unit(source: string, run: (diagnostics: Diagnostics) => ExtractedPage[] | Promise<ExtractedPage[]>, onThrow: (error: Error) => Diagnostic): Promise<ExtractedUnit> {
  const diagnostics = new Diagnostics();
  let pages: ExtractedPage[] = [];
  try {
    pages = await run(diagnostics);
  } catch (error) {
    diagnostics.add(onThrow(error as Error));
  }
  return { source, pages, diagnostics: diagnostics.items };
}

async function extractDocs(snapshot: RepoSnapshot, files: RepoReader, ctx: ExtractContext, assets: Set<string>): Promise<ExtractedUnit[]> {
  const selected = selectDocs(files.paths, snapshot.selection);
  await files.load(selected);
  // Symbolic links are not documents (nothing is published for them): links to them do not resolve.
  const docs = selected.filter((p) => files.read(p) !== null || files.lfs(p) !== null || files.oversized(p) !== null);
  const links = linkResolver(snapshot, new Set(docs), (path) => assets.add(path));
  const extract = ctx.store ? cachedExtractMarkdown(ctx.store, extractMarkdown) : extractMarkdown;
  const out: ExtractedUnit[] = [];
  for (const path of docs) {
    const text = files.read(path);
    if (text === null) {
      // An LFS pointer or a file over the size limit keeps its page, saying why it is empty.
      const lfs = files.lfs(path);
      const size = files.oversized(path);
      const why = lfs ? { kind: 'lfs' as const, ...lfs } : size !== null ? { kind: 'too-large' as const, size, limit: MAX_TEXT_BYTES } : null;
      if (why) out.push({ source: path, pages: [unreadDocPage({ repo: snapshot.id, path, templates: ctx.templates, why })], diagnostics: [] });
      continue;
    }
    out.push(
      await unit(
        path,
        (diagnostics) => {
          const page = extractDocPage({ repo: snapshot.id, path, text, links, templates: ctx.templates, diagnostics, extract });
          return page ? [page] : [];
        },
        (error) => ({
          code: 'E_EXTRACT',
          severity: 'error',
          message: `could not extract this document: ${error.message}`,
          repo: snapshot.id,
          file: path,
          hint: 'This is a bug in livewiki if the file is valid Markdown; please report it with the file.',
        }),
      ),
    );
  }
  return out;
}

function repoFiles(files: RepoReader): RepoFiles {
  return { repo: files.repo, paths: files.paths, read: (path) => files.read(path) };
}

async function extractApis(snapshot: RepoSnapshot, files: RepoReader, ctx: ExtractContext): Promise<ExtractedUnit[]> {
  const cached = ctx.store ? cachedOpenApi(ctx.store, discoverOpenApi, extractOpenApi) : null;
  const discover = cached?.discover ?? discoverOpenApi;
  const extract = cached?.extract ?? extractOpenApi;
  await files.load(files.paths.filter((p) => STRUCTURED.test(p) && !NOT_SOURCES.test(p)));
  const view = repoFiles(files);
  const discovery = new Diagnostics();
  const roots = discover(view, snapshot.openapi, discovery);
  const out: ExtractedUnit[] = [{ source: '', pages: [], diagnostics: discovery.items }];
  for (const root of roots) {
    out.push(
      await unit(
        root,
        (diagnostics) => extract({ files: view, root, templates: ctx.templates, diagnostics }),
        (error) => ({ code: 'E_EXTRACT', severity: 'error', message: `could not extract this API description: ${error.message}`, repo: snapshot.id, file: root }),
      ),
    );
  }
  return out;
}

async function extractTypeScriptApis(snapshot: RepoSnapshot, files: RepoReader, ctx: ExtractContext): Promise<ExtractedUnit[]> {
  await files.load(files.paths.filter((p) => TYPESCRIPT_INPUTS.test(p) && !NOT_SOURCES.test(p)));
  const view = { ...repoFiles(files), root: snapshot.root };
  const fileUrl = (path: string, line: number): string | null => {
    const url = snapshot.head ? fillLink(snapshot.links.file, { sha: snapshot.head, path }) : null;
    return url ? `${url}#L${line}` : null;
  };
  const discovery = new Diagnostics();
  const packages = discoverTypeScript(view, [], discovery);
  const out: ExtractedUnit[] = [{ source: '', pages: [], diagnostics: discovery.items }];
  // One package at a time keeps memory bounded in large monorepos.
  for (const pkg of packages) {
    out.push(
      await unit(
        pkg.dir,
        (diagnostics) => extractTypeScript({ files: view, pkg, templates: ctx.templates, diagnostics, store: ctx.store, headSha: snapshot.head, fileUrl }),
        (error) => ({ code: 'E_TS_EXTRACT', severity: 'error', message: `TypeScript extraction of ${pkg.name} failed: ${error.message}`, repo: snapshot.id, file: pkg.dir || '.' }),
      ),
    );
  }
  return out;
}

async function extractConfiguration(snapshot: RepoSnapshot, files: RepoReader, ctx: ExtractContext, skip: Set<string>): Promise<ExtractedUnit[]> {
  await files.load(files.paths.filter((p) => CONFIG_INPUTS.test(p) && !NOT_SOURCES.test(p)));
  const view = repoFiles(files);
  const discovery = new Diagnostics();
  const found = discoverConfig(view, { include: snapshot.config.include, exclude: snapshot.config.exclude }, discovery).filter((f) => !skip.has(f.path));
  const extractFile = ctx.store ? cachedExtractConfigFile(ctx.store, extractConfigFile) : extractConfigFile;
  return [{ source: '', pages: [], diagnostics: discovery.items }, ...extractConfig({ files: view, found, owners: snapshot.owners.rules, templates: ctx.templates, extractFile })];
}
