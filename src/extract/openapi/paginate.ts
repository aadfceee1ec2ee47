// Pages of one spec: a page per group (split per path, then per operation, when a group is too
// large), webhooks, and schema pages. Routes depend on identity only (tag or path segment, path,
// method, schema name), so a page keeps its URL as others come and go.

import type { ExtractedPage, ExtractedSection } from '../../model/extracted.ts';
import { slugSegment } from '../../model/ids.ts';
import type { SourceRef } from '../../model/page.ts';
import type { TemplateRenderer } from '../../model/templates.ts';
import type { OpEntry, Part, SchemaEntry } from './collect.ts';
import type { Group } from './groups.ts';
import { pathSegment } from './ids.ts';
import { isObj, md, plain, safeUrl, text } from './text.ts';

/** Budgets that keep every page well under ~1 MB of HTML (DESIGN §6, issue 3). */
export const PAGE_BYTES = 800_000;
const MAX_OPS_PER_PAGE = 50;
const MAX_SCHEMAS_PER_PAGE = 150;
/** What a section's provenance slot counts for when pages are split by size. */
const SLOT_BYTES = 10;

/** Size of a part's HTML for page splitting (independent of how slots are written). */
function bytes(templates: TemplateRenderer, part: Part): number {
  return templates.parts(part.html).reduce((n, p) => n + (typeof p === 'string' ? p.length : SLOT_BYTES), 0);
}

export interface SpecPages {
  repo: string;
  root: string;
  base: string;
  pageId: string;
  navDir: string;
  apiTitle: string;
  apiVersion: string;
  banners: NonNullable<ExtractedPage['banners']>;
  templates: TemplateRenderer;
}

/** Sources of a page: the root, then every file its sections come from. */
function pageSources(spec: SpecPages, sections: ExtractedSection[], all?: string[]): SourceRef[] {
  const files = all ?? [spec.root, ...new Set(sections.flatMap((s) => s.sources.map((r) => r.path)))];
  return [...new Set([spec.root, ...files])].map((path) => ({ repo: spec.repo, path }));
}

/** The top of a page; `listHeading` names what follows (an h2 above the h3 of each section). */
export function intro(spec: SpecPages, descriptionHtml: string, links: { href: string; label: string }[] = [], externalDocs: unknown = undefined, listHeading = ''): string {
  return spec.templates.render('openapi/page-intro', {
    listHeading,
    overviewHref: spec.base,
    apiTitle: spec.apiTitle,
    version: spec.apiVersion,
    descriptionHtml,
    externalDocs: isObj(externalDocs) ? { url: safeUrl(externalDocs.url), text: text(externalDocs.description) || text(externalDocs.url) } : null,
    links,
  });
}

export function page(spec: SpecPages, p: { id: string; route: string; title: string; navOrder: string; description: string; introHtml: string; parts: Part[]; sections: ExtractedSection[]; allSources?: string[] }): ExtractedPage {
  const { introHtml, parts } = p;
  return {
    id: p.id,
    route: p.route,
    title: p.title,
    navOrder: p.navOrder,
    description: p.description,
    kind: 'openapi',
    repo: spec.repo,
    navDir: spec.navDir,
    sources: pageSources(spec, p.sections, p.allSources),
    ...(spec.banners.length > 0 ? { banners: spec.banners } : {}),
    sections: p.sections,
    body: spec.templates.parts(introHtml + parts.map((part) => part.html).join('\n')),
  };
}

/** A page per group, or (large group) an index page and a page per path, or per operation for a huge path. */
export function groupPages(spec: SpecPages, groups: Group[]): ExtractedPage[] {
  return groups.flatMap((g, index) => {
    const description = plain(g.info.description) || `${g.title}: ${g.ops.length} ${g.ops.length === 1 ? 'operation' : 'operations'} of ${spec.apiTitle}`;
    return paginate(spec, g, `${spec.apiTitle}#1-${String(index).padStart(4, '0')}`, description, 'Operations');
  });
}

/** Webhooks (3.1+): one page, split per webhook like a group when large. */
export function webhookPage(spec: SpecPages, hooks: OpEntry[]): ExtractedPage[] {
  if (hooks.length === 0) return [];
  const group: Group = { kind: 'tag', key: 'webhooks', id: `${spec.pageId}/webhooks`, route: `${spec.base}webhooks/`, title: `Webhooks — ${spec.apiTitle}`, info: {}, ops: hooks };
  return paginate(spec, group, `${spec.apiTitle}#2`, `Webhooks of ${spec.apiTitle}`, 'Webhooks');
}

function paginate(spec: SpecPages, g: Group, order: string, description: string, listHeading: string): ExtractedPage[] {
  const pages: ExtractedPage[] = [];
  const descriptionHtml = md(g.info.description);
  const size = g.ops.reduce((n, o) => n + bytes(spec.templates, o.part!), 0);
  if (g.ops.length <= MAX_OPS_PER_PAGE && size <= PAGE_BYTES) {
    for (const o of g.ops) o.href = `${g.route}#${o.anchor}`;
    pages.push(page(spec, { id: g.id, route: g.route, title: g.title, navOrder: order, description, introHtml: intro(spec, descriptionHtml, [], g.info.externalDocs, listHeading), parts: g.ops.map((o) => o.part!), sections: g.ops.map((o) => o.section!) }));
    return pages;
  }
  const byPath = new Map<string, OpEntry[]>();
  for (const o of g.ops) byPath.set(o.path, [...(byPath.get(o.path) ?? []), o]);
  const pathSegs = uniqueSegments([...byPath.keys()], pathSegment);
  const links: { href: string; label: string }[] = [];
  for (const [path, pathOps] of byPath) {
    const pathRoute = `${g.route}${pathSegs.get(path)}/`;
    const pathSize = pathOps.reduce((n, o) => n + bytes(spec.templates, o.part!), 0);
    const split = pathSize <= PAGE_BYTES ? [{ route: pathRoute, id: `${g.id}/path/${path}`, ops: pathOps }] : pathOps.map((o) => ({ route: `${pathRoute}${slugSegment(o.method)}/`, id: `${g.id}/op/${o.key}`, ops: [o] }));
    for (const s of split) {
      for (const o of s.ops) {
        o.href = `${s.route}#${o.anchor}`;
        links.push({ href: o.href, label: o.view!.summary ? `${o.view!.title} — ${o.view!.summary}` : o.view!.title });
      }
      pages.push(page(spec, { id: s.id, route: s.route, title: `${g.title}: ${text(path)}`, navOrder: `${order}-${path}`, description, introHtml: intro(spec, '', [], undefined, listHeading), parts: s.ops.map((o) => o.part!), sections: s.ops.map((o) => o.section!) }));
    }
  }
  const sectionsOfGroup = g.ops.map((o) => o.section!);
  pages.push(page(spec, { id: g.id, route: g.route, title: g.title, navOrder: order, description, introHtml: intro(spec, descriptionHtml, links, g.info.externalDocs), parts: [], sections: [], allSources: [...new Set(sectionsOfGroup.flatMap((s) => s.sources.map((r) => r.path)))] }));
  return pages;
}

export function schemaPages(spec: SpecPages, schemas: SchemaEntry[], packed: SchemaPage[]): ExtractedPage[] {
  return packed.map((p) => {
    const links = p.index ? schemas.map((s) => ({ href: s.link.href, label: text(s.name) })) : [];
    return page(spec, {
      id: p.id,
      route: p.route,
      title: p.title ? `${p.title} — ${spec.apiTitle}` : `Schemas — ${spec.apiTitle}`,
      navOrder: `${spec.apiTitle}#3${p.title}`,
      description: `Schemas of ${spec.apiTitle}`,
      introHtml: intro(spec, '', links, undefined, p.items.length > 0 ? 'Schemas' : ''),
      parts: p.items.map((s) => s.part!),
      sections: p.items.map((s) => s.section!),
      ...(p.index ? { allSources: [...new Set(schemas.flatMap((s) => s.section!.sources.map((r) => r.path)))] } : {}),
    });
  });
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

export interface SchemaPage {
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
export function packSchemas(schemas: SchemaEntry[], base: string, pageId: string, templates: TemplateRenderer): SchemaPage[] {
  if (schemas.length === 0) return [];
  const size = (list: SchemaEntry[]) => list.reduce((n, s) => n + bytes(templates, s.part!), 0);
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
