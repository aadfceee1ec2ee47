// One root document (and the repo-internal files it `$ref`s) → pages: an overview, a page per tag
// (split per path, then per operation, when a tag is large), webhooks, and schema pages. Every
// operation and schema is a section with the line ranges it comes from, fragments included.

import type { Diagnostics } from '../../model/diagnostics.ts';
import type { ExtractedPage, ExtractedSection } from '../../model/extracted.ts';
import { slugSegment } from '../../model/ids.ts';
import type { SourceRef } from '../../model/page.ts';
import type { TemplateRenderer } from '../../model/templates.ts';
import { cachedRoot } from './discover.ts';
import { aliasAnchor, operationAnchorBase, pathSegment, schemaAnchorBase, specPageId, specRouteBase, tagSegments, uniqueAnchors, webhookAnchorBase } from './ids.ts';
import { dirOf, loadSpecGraph, segmentsToPointer, SpecFiles, type NodeLocation, type RepoFiles } from './refs.ts';
import { validateSpec, type SpecVersion } from './validate.ts';
import { HTTP_METHODS, isObj, md, operationView, safeUrl, SectionBuilder, securityText, text, type Obj, type OperationView, type SchemaLink, type SchemaNode } from './view.ts';

export interface ExtractOpenApiInput {
  files: RepoFiles;
  root: string;
  templates: TemplateRenderer;
  diagnostics: Diagnostics;
  allowedRefHosts?: string[];
}

/** Budgets that keep every page well under ~1 MB of HTML (DESIGN §6, issue 3). */
const PAGE_BYTES = 800_000;
const MAX_OPS_PER_PAGE = 50;
const MAX_SCHEMAS_PER_PAGE = 150;
/** What a section's provenance slot counts for when pages are split by size. */
const SLOT_BYTES = 10;

interface Part {
  anchor: string;
  html: string;
  /** Size of the HTML for page splitting (independent of how slots are written). */
  bytes: number;
}

interface OpEntry {
  key: string;
  method: string;
  path: string;
  tag: string;
  op: Obj;
  loc: NodeLocation;
  extraSources: NodeLocation[];
  pathParameters: { value: unknown; loc: NodeLocation }[];
  webhook: boolean;
  anchor: string;
  alias: string | null;
  view?: OperationView;
  section?: ExtractedSection;
  part?: Part;
  href?: string;
}

interface SchemaEntry {
  name: string;
  anchor: string;
  loc: NodeLocation;
  value: unknown;
  link: SchemaLink;
  node?: SchemaNode;
  section?: ExtractedSection;
  part?: Part;
}

/** One API description → its pages. `input.diagnostics` must be the description's own collector. */
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
  const doc = rootFile.value;
  const { version } = validateSpec(rootFile, repo, diagnostics);
  const specFiles = loadSpecGraph(spec);
  const base = specRouteBase(repo, root);
  const pageId = specPageId(repo, root);
  const navDir = dirOf(root);
  const info = isObj(doc.info) ? doc.info : {};
  const apiTitle = text(info.title) || root;
  const apiVersion = text(info.version);
  const rootLoc = (...segments: (string | number)[]): NodeLocation => ({ file: root, segments });

  // Named schemas: links target them instead of expanding them.
  const schemaLinks = new Map<string, SchemaLink>();
  const schemaContainer = version === '2.0' ? ['definitions'] : ['components', 'schemas'];
  const schemaMap = version === '2.0' ? doc.definitions : isObj(doc.components) ? doc.components.schemas : undefined;
  const schemaNames = isObj(schemaMap) ? Object.keys(schemaMap).sort() : [];
  const schemaAnchors = uniqueAnchors(schemaNames.map((name) => ({ key: name, base: schemaAnchorBase(name) })));
  const schemas: SchemaEntry[] = schemaNames.map((name) => {
    const loc = rootLoc(...schemaContainer, name);
    const anchor = schemaAnchors.get(name)!;
    const link: SchemaLink = { name: text(name), anchor, href: `#${anchor}` };
    schemaLinks.set(`${root}#${segmentsToPointer(loc.segments)}`, link);
    const value = (schemaMap as Obj)[name];
    // `Pet: {$ref: Pet.yaml}`: refs straight to Pet.yaml link to the named schema too.
    if (isObj(value) && typeof value.$ref === 'string') {
      const t = spec.target(value.$ref, loc);
      if (t.ok) {
        const key = `${t.file}#${segmentsToPointer(t.segments)}`;
        if (!schemaLinks.has(key)) schemaLinks.set(key, link);
      }
    }
    return { name, anchor, loc, value, link };
  });

  // Operations (paths × methods, 3.2 additionalOperations) and webhooks.
  const ops: OpEntry[] = [];
  const seenKeys = new Set<string>();
  const collect = (container: unknown, containerSegments: string[], webhook: boolean) => {
    if (!isObj(container)) return;
    for (const [name, rawItem] of Object.entries(container)) {
      if (name.startsWith('x-')) continue;
      const itemLoc = rootLoc(...containerSegments, name);
      const b = new SectionBuilder(spec, version, schemaLinks);
      const resolved = b.deref(rawItem, itemLoc);
      if (!resolved || !isObj(resolved.value)) continue;
      const item = resolved.value;
      const extraSources = resolved.loc !== itemLoc ? [itemLoc] : [];
      const pathParameters = Array.isArray(item.parameters)
        ? item.parameters.map((value, i) => ({ value, loc: { file: resolved.loc.file, segments: [...resolved.loc.segments, 'parameters', i] } }))
        : [];
      if (pathParameters.length > 0) extraSources.push({ file: resolved.loc.file, segments: [...resolved.loc.segments, 'parameters'] });
      const methods: { method: string; op: unknown; segments: (string | number)[] }[] = [];
      for (const m of HTTP_METHODS) if (item[m] !== undefined && (m !== 'query' || version === '3.2')) methods.push({ method: m, op: item[m], segments: [m] });
      if (version === '3.2' && isObj(item.additionalOperations)) {
        for (const [m, op] of Object.entries(item.additionalOperations)) methods.push({ method: m, op, segments: ['additionalOperations', m] });
      }
      for (const { method, op, segments } of methods) {
        if (!isObj(op)) continue;
        const key = webhook ? `${method.toUpperCase()} webhook:${name}` : `${method.toUpperCase()} ${name}`;
        if (seenKeys.has(key)) {
          diagnostics.warn('W_OPENAPI_DUPLICATE_OPERATION', `${root}: ${key} is defined twice; the second definition is ignored.`, { repo, file: resolved.loc.file, pointer: segmentsToPointer([...resolved.loc.segments, ...segments]), hint: 'Remove the duplicate method.' });
          continue;
        }
        seenKeys.add(key);
        const tags = Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string' && t !== '') : [];
        ops.push({
          key,
          method,
          path: name,
          tag: webhook ? '' : (tags[0] ?? ''),
          op,
          loc: { file: resolved.loc.file, segments: [...resolved.loc.segments, ...segments] },
          extraSources,
          pathParameters,
          webhook,
          anchor: '',
          alias: null,
        });
      }
    }
  };
  collect(doc.paths, ['paths'], false);
  if (version === '3.1' || version === '3.2') collect(doc.webhooks, ['webhooks'], true);

  const taken = new Set(schemas.map((s) => s.anchor));
  const opAnchors = uniqueAnchors(
    ops.map((o) => ({ key: o.key, base: o.webhook ? webhookAnchorBase(o.method, o.path) : operationAnchorBase(o.method, o.path) })),
    taken,
  );
  const aliasesUsed = new Set<string>(taken);
  for (const o of ops) o.anchor = opAnchors.get(o.key)!;
  for (const o of ops) {
    const alias = aliasAnchor(text(o.op.operationId));
    if (!alias || alias === o.anchor) continue;
    if (aliasesUsed.has(alias)) {
      diagnostics.warn('W_OPENAPI_DUPLICATE_OPERATION_ID', `${root}: operationId "${text(o.op.operationId)}" of ${o.key} is not unique; only its METHOD /path anchor is kept.`, {
        repo,
        file: o.loc.file,
        line: spec.lines({ file: o.loc.file, segments: [...o.loc.segments, 'operationId'] })?.[0],
        pointer: segmentsToPointer([...o.loc.segments, 'operationId']),
        hint: 'Give every operation a unique operationId.',
      });
      continue;
    }
    aliasesUsed.add(alias);
    o.alias = alias;
  }

  // Tags: declared order first, then first use; untagged operations go to "default".
  const declaredTags = Array.isArray(doc.tags) ? doc.tags.filter(isObj) : [];
  const tagInfo = new Map<string, Obj>();
  for (const t of declaredTags) if (typeof t.name === 'string' && !tagInfo.has(t.name)) tagInfo.set(t.name, t);
  const usedTags: string[] = [];
  for (const o of ops) if (!o.webhook && !usedTags.includes(o.tag || 'default')) usedTags.push(o.tag || 'default');
  const tagOrder = [...[...tagInfo.keys()].filter((t) => usedTags.includes(t)), ...usedTags.filter((t) => !tagInfo.has(t))];
  const tagSlug = tagSegments(tagOrder);

  const sectionSources = (primary: NodeLocation[], b: SectionBuilder): SourceRef[] => {
    const out: SourceRef[] = [];
    const seen = new Set<string>();
    for (const loc of primary) {
      const lines = spec.lines(loc);
      const ref: SourceRef = { repo, path: loc.file, ...(lines ? { lines } : {}), pointer: segmentsToPointer(loc.segments) };
      const key = `${ref.path}\u0000${ref.lines?.join('-') ?? ref.pointer}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(ref);
      }
    }
    for (const s of b.sources) {
      const key = `${s.path}\u0000${s.lines?.join('-') ?? s.pointer}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(s);
      }
    }
    return out;
  };
  const capped = (what: string, b: SectionBuilder, loc: NodeLocation) => {
    if (b.capped)
      diagnostics.warn('W_OPENAPI_EXPANSION_CAPPED', `${root}: ${what} expands to too many schema nodes; the rest is shown as references.`, {
        repo,
        file: loc.file,
        pointer: segmentsToPointer(loc.segments),
        hint: 'Use named schemas ($ref to components) instead of deeply inlined ones.',
      });
  };

  // Schema sections; rendered once to size the pages, then again with final link targets.
  const part = (anchor: string, html: string): Part => ({
    anchor,
    html,
    bytes: templates.parts(html).reduce((n, p) => n + (typeof p === 'string' ? p.length : SLOT_BYTES), 0),
  });
  const renderSchema = (s: SchemaEntry) => part(s.anchor, templates.render('openapi/schema', { anchor: s.anchor, name: text(s.name), node: s.node, badgeHtml: templates.slot(s.anchor) }));
  for (const s of schemas) {
    const b = new SectionBuilder(spec, version, schemaLinks);
    const selfKey = `${root}#${segmentsToPointer(s.loc.segments)}`;
    const target = b.deref(s.value, s.loc);
    const stack = [selfKey];
    if (target && target.loc !== s.loc) stack.push(`${target.loc.file}#${segmentsToPointer(target.loc.segments)}`);
    s.node = target ? b.schema(target.value, target.loc, '', false, 0, stack) : b.schema(s.value, s.loc, '', false, 0, stack);
    s.node.open = true;
    capped(`schema ${s.name}`, b, s.loc);
    s.section = { anchor: s.anchor, kind: 'schema', key: s.name, title: text(s.name), sources: sectionSources([s.loc], b) };
    s.part = renderSchema(s);
  }
  const schemaPages = packSchemas(schemas, base, pageId);
  for (const page of schemaPages) for (const s of page.items) s.link.href = `${page.route}#${s.anchor}`;
  for (const s of schemas) s.part = renderSchema(s);

  // Operation sections.
  for (const o of ops) {
    const b = new SectionBuilder(spec, version, schemaLinks);
    o.view = operationView(b, {
      method: o.method,
      path: o.path,
      op: o.op,
      loc: o.loc,
      pathParameters: o.pathParameters,
      anchor: o.anchor,
      alias: o.alias,
      globalSecurity: doc.security,
      consumes: stringList(o.op.consumes ?? doc.consumes),
      produces: stringList(o.op.produces ?? doc.produces),
    });
    if (o.webhook) {
      o.view.path = `webhook: ${text(o.path)}`;
      o.view.title = `${o.method.toUpperCase()} ${text(o.path)} (webhook)`;
    }
    o.view.badgeHtml = templates.slot(o.anchor);
    capped(o.key, b, o.loc);
    o.section = { anchor: o.anchor, kind: 'operation', key: o.key, title: o.view.title, sources: sectionSources([o.loc, ...o.extraSources], b), ...(o.alias ? { aliases: [o.alias] } : {}) };
    o.part = part(o.anchor, templates.render('openapi/operation', o.view));
  }

  // Problems of this spec become banners on all of its pages.
  const ownFiles = new Set(specFiles.length > 0 ? specFiles : [root]);
  // `diagnostics` is this specification's own collector (one per unit): all of it is about this spec.
  const problems = diagnostics.items.filter((d) => d.severity === 'error' && (!d.file || ownFiles.has(d.file)));
  const banners: NonNullable<ExtractedPage['banners']> = [];
  if (problems.length > 0) {
    banners.push({ severity: 'error', message: `This specification has ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}; the pages show what could be read.` });
    for (const d of problems.slice(0, 5)) banners.push({ severity: 'error', message: `${d.file ?? ''}${d.line !== undefined ? `:${d.line}` : ''} ${d.message}` });
  }
  const allSources: SourceRef[] = (specFiles.length > 0 ? specFiles : [root]).map((path) => ({ repo, path }));
  const common = { kind: 'openapi' as const, repo, navDir, sources: allSources, ...(banners.length > 0 ? { banners } : {}) };
  const intro = (descriptionHtml: string, links: { href: string; label: string }[] = [], externalDocs: unknown = undefined) =>
    templates.render('openapi/page-intro', {
      overviewHref: base,
      apiTitle,
      version: apiVersion,
      descriptionHtml,
      externalDocs: isObj(externalDocs) ? { url: safeUrl(externalDocs.url), text: text(externalDocs.description) || text(externalDocs.url) } : null,
      links,
    });
  const pages: ExtractedPage[] = [];
  const pageWith = (id: string, route: string, title: string, navOrder: string, description: string, introHtml: string, parts: Part[], sections: ExtractedSection[]): ExtractedPage => ({
    id,
    route,
    title,
    navOrder,
    description,
    ...common,
    sections,
    body: templates.parts(introHtml + parts.map((p) => p.html).join('\n')),
  });

  // Tag pages (split per path, then per operation, when too large).
  const tagGroups: { tag: string; href: string; ops: OpEntry[] }[] = [];
  tagOrder.forEach((tag, index) => {
    const tagOps = ops.filter((o) => !o.webhook && (o.tag || 'default') === tag);
    const t = tagInfo.get(tag) ?? {};
    const tagRoute = `${base}tags/${tagSlug.get(tag)}/`;
    const tagId = `${pageId}/tag/${tag}`;
    const order = `${apiTitle}#1-${String(index).padStart(4, '0')}`;
    const description = plain(t.description);
    tagGroups.push({ tag, href: tagRoute, ops: tagOps });
    const size = tagOps.reduce((n, o) => n + o.part!.bytes, 0);
    if (tagOps.length <= MAX_OPS_PER_PAGE && size <= PAGE_BYTES) {
      for (const o of tagOps) o.href = `${tagRoute}#${o.anchor}`;
      pages.push(pageWith(tagId, tagRoute, text(tag), order, description, intro(md(t.description), [], t.externalDocs), tagOps.map((o) => o.part!), tagOps.map((o) => o.section!)));
      return;
    }
    // Large tag: an index page linking to one page per path (or per operation for a huge path).
    const byPath = new Map<string, OpEntry[]>();
    for (const o of tagOps) byPath.set(o.path, [...(byPath.get(o.path) ?? []), o]);
    const pathSegs = uniqueSegments([...byPath.keys()], pathSegment);
    const links: { href: string; label: string }[] = [];
    for (const [path, pathOps] of byPath) {
      const pathRoute = `${tagRoute}${pathSegs.get(path)}/`;
      const pathSize = pathOps.reduce((n, o) => n + o.part!.bytes, 0);
      const groups = pathSize <= PAGE_BYTES ? [{ route: pathRoute, id: `${tagId}/path/${path}`, ops: pathOps }] : pathOps.map((o) => ({ route: `${pathRoute}${slugSegment(o.method)}/`, id: `${tagId}/op/${o.key}`, ops: [o] }));
      for (const g of groups) {
        for (const o of g.ops) {
          o.href = `${g.route}#${o.anchor}`;
          links.push({ href: o.href, label: o.view!.title });
        }
        pages.push(pageWith(g.id, g.route, `${text(tag)}: ${text(path)}`, `${order}-${path}`, description, intro(''), g.ops.map((o) => o.part!), g.ops.map((o) => o.section!)));
      }
    }
    pages.push(pageWith(tagId, tagRoute, text(tag), order, description, intro(md(t.description), links, t.externalDocs), [], []));
  });

  // Webhooks (3.1+).
  const hooks = ops.filter((o) => o.webhook);
  if (hooks.length > 0) {
    const route = `${base}webhooks/`;
    for (const o of hooks) o.href = `${route}#${o.anchor}`;
    pages.push(pageWith(`${pageId}/webhooks`, route, `Webhooks — ${apiTitle}`, `${apiTitle}#2`, `Webhooks of ${apiTitle}`, intro(''), hooks.map((o) => o.part!), hooks.map((o) => o.section!)));
  }

  // Schema pages.
  for (const p of schemaPages) {
    const links = p.index ? schemas.map((s) => ({ href: s.link.href, label: text(s.name) })) : [];
    pages.push(pageWith(p.id, p.route, p.title ? `${p.title} — ${apiTitle}` : `Schemas — ${apiTitle}`, `${apiTitle}#3${p.title}`, `Schemas of ${apiTitle}`, intro('', links), p.items.map((s) => s.part!), p.items.map((s) => s.section!)));
  }

  // Overview.
  const components = isObj(doc.components) ? doc.components : {};
  const schemes = version === '2.0' ? doc.securityDefinitions : components.securitySchemes;
  const overviewHtml = templates.render('openapi/overview', {
    version: apiVersion,
    specLabel: version === '2.0' ? 'Swagger 2.0' : `OpenAPI ${text(doc.openapi)}`,
    rootPath: root,
    summary: text(info.summary),
    descriptionHtml: md(info.description),
    servers: serversOf(doc, version),
    securitySchemes: isObj(schemes) ? Object.entries(schemes).map(([name, s]) => securitySchemeView(name, isObj(s) ? s : {})) : [],
    security: securityText(doc.security),
    hasSecurity: securityText(doc.security).length > 0,
    groups: tagGroups.map((g) => ({
      name: text(g.tag),
      href: g.href,
      descriptionHtml: md(tagInfo.get(g.tag)?.description),
      operations: g.ops.map((o) => ({ href: o.href ?? '', method: o.view!.method, methodUpper: o.view!.methodUpper, path: o.view!.path, summary: o.view!.summary, deprecated: o.view!.deprecated })),
    })),
    schemasHref: schemaPages[0]?.route ?? null,
    schemaCount: schemas.length,
    contact: isObj(info.contact) ? { name: text(info.contact.name), url: safeUrl(info.contact.url), email: /^[^\s<>"'@]+@[^\s<>"'@]+$/.test(text(info.contact.email)) ? text(info.contact.email) : '' } : null,
    license: isObj(info.license) ? { name: text(info.license.name), url: safeUrl(info.license.url), identifier: text(info.license.identifier) } : null,
    termsOfService: safeUrl(info.termsOfService),
    externalDocs: isObj(doc.externalDocs) ? { url: safeUrl(doc.externalDocs.url), text: text(doc.externalDocs.description) || text(doc.externalDocs.url) } : null,
  });
  pages.unshift(pageWith(pageId, base, apiTitle, `${apiTitle}#0`, text(info.summary) || plain(info.description) || `API reference of ${apiTitle}`, overviewHtml, [], []));
  return pages;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** First ~300 characters of a description as plain text (for search and navigation). */
function plain(v: unknown): string {
  const s = text(v)
    .replace(/<[^>]*>/g, '')
    .replace(/[`*_#>[\]()!]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return s.length > 300 ? `${s.slice(0, 297)}…` : s;
}

function serversOf(doc: Obj, version: SpecVersion): { url: string; description: string }[] {
  if (version === '2.0') {
    if (typeof doc.host !== 'string') return [];
    const schemes = stringList(doc.schemes);
    return (schemes.length > 0 ? schemes : ['https']).map((s) => ({ url: `${text(s)}://${text(doc.host)}${text(doc.basePath)}`, description: '' }));
  }
  return Array.isArray(doc.servers) ? doc.servers.filter(isObj).map((s) => ({ url: text(s.url), description: text(s.description) })) : [];
}

function securitySchemeView(name: string, s: Obj): { name: string; type: string; descriptionHtml: string; details: string[] } {
  const details: string[] = [];
  if (s.in !== undefined) details.push(`${text(s.name)} in ${text(s.in)}`);
  if (s.scheme !== undefined) details.push(`scheme: ${text(s.scheme)}${s.bearerFormat ? ` (${text(s.bearerFormat)})` : ''}`);
  if (s.openIdConnectUrl !== undefined) details.push(`OpenID Connect: ${text(s.openIdConnectUrl)}`);
  if (s.flow !== undefined) details.push(`flow: ${text(s.flow)}`);
  for (const url of ['authorizationUrl', 'tokenUrl']) if (s[url] !== undefined) details.push(`${url}: ${text(s[url])}`);
  if (isObj(s.flows)) {
    for (const [flow, f] of Object.entries(s.flows)) {
      if (!isObj(f)) continue;
      const urls = ['authorizationUrl', 'tokenUrl', 'refreshUrl', 'deviceAuthorizationUrl'].filter((k) => f[k] !== undefined).map((k) => `${k}: ${text(f[k])}`);
      const scopes = isObj(f.scopes) ? Object.keys(f.scopes).map(text) : [];
      details.push(`${text(flow)} flow${urls.length ? ` — ${urls.join(', ')}` : ''}${scopes.length ? ` — scopes: ${scopes.join(', ')}` : ''}`);
    }
  }
  const scopes2 = isObj(s.scopes) ? Object.keys(s.scopes).map(text) : [];
  if (scopes2.length) details.push(`scopes: ${scopes2.join(', ')}`);
  return { name: text(name), type: text(s.type), descriptionHtml: md(s.description), details };
}

function uniqueSegments(keys: string[], slug: (k: string) => string): Map<string, string> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(slug(k), (counts.get(slug(k)) ?? 0) + 1);
  return new Map(keys.map((k) => [k, (counts.get(slug(k)) ?? 0) > 1 ? `${slug(k)}-${shortKey(k)}` : slug(k)]));
}

function shortKey(k: string): string {
  let h = 0;
  for (const c of k) h = (h * 31 + c.codePointAt(0)!) >>> 0;
  return h.toString(16).padStart(8, '0').slice(0, 6);
}

interface SchemaPage {
  id: string;
  route: string;
  title: string;
  index: boolean;
  items: SchemaEntry[];
}

/**
 * All schemas on one page when they fit; otherwise an index page plus one page per initial
 * (`schemas/p/`), and one page per schema for an initial that is still too large. Placement
 * depends only on the schema's name, so its URL is stable as others come and go.
 */
function packSchemas(schemas: SchemaEntry[], base: string, pageId: string): SchemaPage[] {
  if (schemas.length === 0) return [];
  const size = (list: SchemaEntry[]) => list.reduce((n, s) => n + s.part!.bytes, 0);
  const route = `${base}schemas/`;
  if (schemas.length <= MAX_SCHEMAS_PER_PAGE && size(schemas) <= PAGE_BYTES) return [{ id: `${pageId}/schemas`, route, title: '', index: false, items: schemas }];
  const buckets = new Map<string, SchemaEntry[]>();
  for (const s of schemas) {
    // Namespaced names (`io.k8s.api.core.v1.Pod`) are bucketed by their last part.
    const last = s.name.split('.').filter(Boolean).pop() ?? s.name;
    const initial = /^[a-z0-9]/.exec(last.normalize('NFKD').toLowerCase())?.[0] ?? '_';
    buckets.set(initial, [...(buckets.get(initial) ?? []), s]);
  }
  const pages: SchemaPage[] = [{ id: `${pageId}/schemas`, route, title: '', index: true, items: [] }];
  for (const [initial, list] of [...buckets].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const bucketRoute = `${route}${initial}/`;
    if (list.length <= MAX_SCHEMAS_PER_PAGE && size(list) <= PAGE_BYTES) {
      pages.push({ id: `${pageId}/schemas/${initial}`, route: bucketRoute, title: `Schemas ${initial.toUpperCase()}`, index: false, items: list });
      continue;
    }
    const segs = uniqueSegments(
      list.map((s) => s.name),
      (n) => slugSegment(n),
    );
    for (const s of list) pages.push({ id: `${pageId}/schema/${s.name}`, route: `${bucketRoute}${segs.get(s.name)}/`, title: `Schema ${text(s.name)}`, index: false, items: [s] });
  }
  return pages;
}
