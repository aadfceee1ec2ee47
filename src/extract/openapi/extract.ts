// One root document (and the repo-internal files it `$ref`s) → pages: an overview, a page per
// group of operations (tag, else path segment; split when large), webhooks, and schema pages.
// Every operation and schema is a section with the line ranges it comes from, in whichever file.
// The spec is resolved first (resolve.ts), validated as resolved, then collected into sections
// (collect, anchors, groups, sections) and pages (paginate, overview).

import type { Diagnostics } from '../../model/diagnostics.ts';
import type { ExtractedPage } from '../../model/extracted.ts';
import type { TemplateRenderer } from '../../model/templates.ts';
import { operationAnchors, schemaAnchors } from './anchors.ts';
import { collectOperations, namedSchemas, type SchemaEntry } from './collect.ts';
import { cachedRoot } from './discover.ts';
import { groupOperations } from './groups.ts';
import { specPageId, specRouteBase } from './ids.ts';
import { overviewPage } from './overview.ts';
import { groupPages, packSchemas, schemaPages, webhookPage, type SpecPages } from './paginate.ts';
import { dirOf, SpecFiles, type RepoFiles } from './refs.ts';
import { resolveDocument } from './resolve.ts';
import type { SpecContext } from './schema-view.ts';
import { operationSections, schemaSections } from './sections.ts';
import { originOf } from './source-map.ts';
import { isObj, stringList, text } from './text.ts';
import { validateSpec } from './validate.ts';

export interface ExtractOpenApiInput {
  files: RepoFiles;
  root: string;
  templates: TemplateRenderer;
  diagnostics: Diagnostics;
  allowedRefHosts?: string[];
}

export async function extractOpenApi(input: ExtractOpenApiInput): Promise<ExtractedPage[]> {
  try {
    return buildPages(input);
  } catch (error) {
    // Never fatal for the wiki: the spec is reported and skipped.
    input.diagnostics.error('E_OPENAPI_INTERNAL', `${input.root}: OpenAPI pages could not be built: ${error instanceof RangeError ? 'nesting too deep' : (error as Error).message}`, {
      repo: input.files.repo,
      file: input.root,
      hint: 'Please report this with the specification attached.',
    });
    return [];
  }
}

/** Links to schemas are written with a placeholder until the schema pages are packed (`\u0002` cannot come from a spec). */
const SCHEMA_HREF = /\u0002lw-schema:(\d+)\u0002/g;

function buildPages({ files, root, templates, diagnostics, allowedRefHosts = [] }: ExtractOpenApiInput): ExtractedPage[] {
  const repo = files.repo;
  const spec = new SpecFiles(files, root, diagnostics, allowedRefHosts, cachedRoot(files, root));
  const rootFile = spec.file(root);
  if (!rootFile) {
    if (files.read(root) === null) diagnostics.error('E_OPENAPI_ROOT_MISSING', `OpenAPI root "${root}" is not a tracked file.`, { repo, file: root, hint: 'Fix the path in livewiki config.' });
    return [];
  }
  if (!isObj(rootFile.value)) {
    diagnostics.error('E_OPENAPI_INVALID', `${root}: the document is not a mapping/object.`, { repo, file: root, line: 1, hint: 'An OpenAPI document starts with keys such as openapi:, info:, paths:.' });
    return [];
  }
  const res = resolveDocument(spec, rootFile.value, diagnostics);
  const doc = res.document;
  const version = res.version;
  validateSpec(
    {
      repo,
      root,
      document: doc,
      origin: (segments) => {
        const o = originOf(res.sourceMap, segments);
        return { file: o.file, segments: o.segments, unresolved: o.entry.unresolved === true };
      },
      lines: (file, segments) => spec.lines({ file, segments: [...segments] }),
    },
    diagnostics,
  );
  const specFiles = [root, ...spec.loadedFiles().filter((f) => f !== root)];
  const base = specRouteBase(repo, root);
  const pageId = specPageId(repo, root);
  const info = isObj(doc.info) ? doc.info : {};
  const apiTitle = text(info.title) || root;

  // Named schemas first: operations link to them.
  const { named, byRef } = namedSchemas(res, (names) => schemaAnchors(names, res.movedSchemas));
  const ctx: SpecContext = { spec, res, version, named, byRef };
  const schemas: SchemaEntry[] = [...named.values()].map((s) => ({ ...s, anchor: s.link.anchor }));
  schemas.forEach((s, i) => (s.link.href = `\u0002lw-schema:${i}\u0002`));
  schemaSections(ctx, schemas, templates, diagnostics);
  const packed = packSchemas(schemas, base, pageId, templates);
  for (const p of packed) for (const s of p.items) s.link.href = `${p.route}#${s.anchor}`;
  for (const s of schemas) s.part!.html = s.part!.html.replace(SCHEMA_HREF, (_, i: string) => schemas[Number(i)]!.link.href);

  const ops = collectOperations(ctx, diagnostics);
  operationAnchors(ops, new Set(schemas.map((s) => s.anchor)), spec, diagnostics);
  operationSections(ctx, ops, { security: doc.security, consumes: stringList(doc.consumes), produces: stringList(doc.produces) }, templates, diagnostics);

  // Problems of this spec become banners on all of its pages.
  const ownFiles = new Set(specFiles);
  // `diagnostics` is this specification's own collector (one per unit): all of it is about this spec.
  const problems = diagnostics.items.filter((d) => d.severity === 'error' && (!d.file || ownFiles.has(d.file)));
  const banners: SpecPages['banners'] = [];
  if (problems.length > 0) {
    banners.push({ severity: 'error', message: `This specification has ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}; the pages show what could be read.` });
    for (const d of problems.slice(0, 5)) banners.push({ severity: 'error', message: `${d.file ?? ''}${d.line !== undefined ? `:${d.line}` : ''} ${d.message}` });
  }
  const pagesOf: SpecPages = { repo, root, base, pageId, navDir: dirOf(root), apiTitle, apiVersion: text(info.version), banners, templates };
  const { groups, introTags } = groupOperations(ops, doc.tags, base, pageId);
  const pages = [
    ...groupPages(pagesOf, groups),
    ...webhookPage(
      pagesOf,
      ops.filter((o) => o.webhook),
    ),
    ...schemaPages(pagesOf, schemas, packed),
  ];
  pages.unshift(overviewPage(pagesOf, doc, version, groups, introTags, { href: packed[0]?.route ?? null, count: schemas.length }, specFiles));
  return pages;
}
