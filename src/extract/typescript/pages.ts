// The API model → pages: one per package (overview) and one per module/namespace, every exported
// symbol (and class/interface member) a `symbol` section keyed by its qualified name, with the
// line range of its declaration for blame.

import type { ExtractedPage, ExtractedSection } from '../../model/extracted.ts';
import { shortHash, slugSegment } from '../../model/ids.ts';
import type { SourceRef } from '../../model/page.ts';
import type { TemplateRenderer } from '../../model/templates.ts';
import type { RepoFiles, TsPackage } from './discover.ts';
import { firstParagraphText, renderDocMarkdown, type MarkdownLinks } from './markdown.ts';
import type { TsDoc, TsModel, TsModule, TsPart, TsSymbol, TsSymbolKind } from './model.ts';

export type FileUrl = (path: string, line: number) => string | null;

export interface PageBuildInput {
  files: RepoFiles;
  pkg: TsPackage;
  model: TsModel | null;
  templates: TemplateRenderer;
  fileUrl: FileUrl;
  manifest: { version: string | null; description: string | null };
  banners: { severity: 'error' | 'warning'; message: string }[];
}

const GROUPS: { kinds: TsSymbolKind[]; title: string; id: string }[] = [
  { kinds: ['class'], title: 'Classes', id: 'lw-ts-classes' },
  { kinds: ['interface'], title: 'Interfaces', id: 'lw-ts-interfaces' },
  { kinds: ['function'], title: 'Functions', id: 'lw-ts-functions' },
  { kinds: ['type'], title: 'Type aliases', id: 'lw-ts-types' },
  { kinds: ['enum'], title: 'Enumerations', id: 'lw-ts-enums' },
  { kinds: ['variable'], title: 'Variables', id: 'lw-ts-variables' },
  { kinds: ['namespace'], title: 'Namespaces', id: 'lw-ts-namespaces' },
  { kinds: ['reference', 'other'], title: 'Re-exports and others', id: 'lw-ts-others' },
];

const KIND_LABEL: Record<TsSymbolKind, string> = {
  class: 'class',
  interface: 'interface',
  function: 'function',
  type: 'type',
  enum: 'enum',
  variable: 'variable',
  namespace: 'namespace',
  reference: 're-export',
  constructor: 'constructor',
  property: 'property',
  method: 'method',
  accessor: 'accessor',
  'enum-member': 'member',
  other: 'export',
};

export function packageRoute(repo: string, pkg: TsPackage): string {
  return `/${repo}/ts/${slugSegment(pkg.name)}/`;
}

export function packagePageId(repo: string, pkg: TsPackage): string {
  return `${repo}/typescript/${pkg.dir || '.'}`;
}

interface PageInfo {
  module: TsModule;
  id: string;
  route: string;
  title: string;
  /** Anchor per symbol id on this page. */
  anchors: Map<number, string>;
}

export function buildPages(input: PageBuildInput): ExtractedPage[] {
  const { files, pkg, model, templates, fileUrl } = input;
  const repo = files.repo;
  const pkgRoute = packageRoute(repo, pkg);
  const pkgId = packagePageId(repo, pkg);
  const modules = model?.modules ?? [];

  // Routes and anchors first: links between pages need all of them.
  const infos: PageInfo[] = [];
  const usedRoutes = new Set<string>([pkgRoute]);
  const links = new Map<number, string>();
  for (const module of modules) {
    let route = `${pkgRoute}${module.name.split('/').map(slugSegment).join('/')}/`;
    if (usedRoutes.has(route)) route = `${route.slice(0, -1)}-${shortHash(module.name)}/`;
    usedRoutes.add(route);
    const anchors = assignAnchors(module.symbols);
    infos.push({ module, id: `${pkgId}/${module.name}`, route, title: module.name, anchors });
    for (const [id, anchor] of anchors) if (!links.has(id)) links.set(id, `${route}#${anchor}`);
  }
  // Modules and namespaces link to their own page.
  for (const info of infos) links.set(info.module.id, info.route);
  const mdLinks: MarkdownLinks = {
    symbol: (id) => links.get(id) ?? null,
    file: (path) => (files.read(path) !== null ? fileUrl(path, 1) : null),
  };
  const md = (text: string): string => renderDocMarkdown(text, mdLinks);

  const pages: ExtractedPage[] = [];
  const infoById = new Map(infos.map((i) => [i.module.id, i]));
  for (const info of infos) {
    const { module } = info;
    const sections: ExtractedSection[] = [];
    const keys = new Set<string>();
    const addSection = (sym: TsSymbol, depth: number, anchor: string): void => {
      let key = sym.qualifiedName;
      for (let n = 2; keys.has(key); n++) key = `${sym.qualifiedName}#${n}`;
      keys.add(key);
      sections.push({
        anchor,
        kind: 'symbol',
        key,
        title: sym.qualifiedName,
        depth,
        sources: sym.sources.map((s): SourceRef => ({ repo, path: s.path, lines: s.lines })),
      });
    };
    for (const sym of module.symbols) {
      addSection(sym, 3, info.anchors.get(sym.id)!);
      for (const m of sym.members) if (m.sources.length > 0) addSection(m, 4, info.anchors.get(m.id)!);
    }
    const parent = module.parent !== null ? infoById.get(module.parent) : undefined;
    const sourcePaths = [...new Set([...(module.entryPoint ? [module.entryPoint] : []), ...module.symbols.flatMap((s) => s.sources.map((x) => x.path))])].sort();
    const description = module.doc?.summary ? firstParagraphText(module.doc.summary) : `${module.entryPoint ? 'Module' : 'Namespace'} ${module.name} of ${pkg.name}`;
    const view = (sym: TsSymbol, depth: number): object => symbolView(sym, depth, info.anchors.get(sym.id)!, templates.slot(info.anchors.get(sym.id)!), links, md, fileUrl, infoById, view, templates.escape);
    const groups = GROUPS.map((g) => ({ title: g.title, id: g.id, symbols: module.symbols.filter((s) => g.kinds.includes(s.kind)).map((s) => view(s, 3)) })).filter((g) => g.symbols.length > 0);
    const body = templates.parts(
      templates.render('typescript/module', {
        packageRoute: pkgRoute,
        packageName: pkg.name,
        parentRoute: parent?.route ?? null,
        parentTitle: parent?.title ?? null,
        entryPoint: module.entryPoint,
        docHtml: module.doc ? md(module.doc.summary) : '',
        groups,
      }),
    );
    pages.push({
      id: info.id,
      route: info.route,
      title: `${module.name} · ${pkg.name}`,
      kind: 'typescript',
      repo,
      navDir: pkg.dir,
      navOrder: `${pkg.name}/${module.name}`,
      description,
      sources: sourcePaths.map((path) => ({ repo, path })),
      sections,
      body,
    });
  }

  const entrySources = pkg.entryPoints.map((path) => ({ repo, path }));
  const manifestPath = pkg.dir === '' ? 'package.json' : `${pkg.dir}/package.json`;
  const topModules = infos.filter((i) => i.module.parent === null);
  pages.unshift({
    id: pkgId,
    route: pkgRoute,
    title: pkg.name,
    kind: 'typescript',
    repo,
    navDir: pkg.dir,
    navOrder: pkg.name,
    description: input.manifest.description ?? `TypeScript API of ${pkg.name}`,
    sources: [...(files.read(manifestPath) !== null ? [{ repo, path: manifestPath }] : []), ...entrySources],
    sections: [],
    ...(input.banners.length > 0 ? { banners: input.banners } : {}),
    body: templates.parts(
      templates.render('typescript/package', {
        name: pkg.name,
        version: input.manifest.version,
        description: input.manifest.description,
        entryPoints: pkg.entryPoints.map((path) => ({ path, url: fileUrl(path, 1) })),
        modules: topModules.map((i) => ({
          route: i.route,
          title: i.title,
          count: i.module.symbols.length,
          description: i.module.doc?.summary ? firstParagraphText(i.module.doc.summary, 160) : '',
        })),
        unresolved: model?.unresolved ?? [],
      }),
    ),
  });
  return pages;
}

/** `sym-<slug of qualified name>`, a short hash added on collision (first in code-point order keeps the plain one). */
function assignAnchors(symbols: TsSymbol[]): Map<number, string> {
  const all = symbols.flatMap((s) => [s, ...s.members]);
  all.sort((a, b) => (a.qualifiedName < b.qualifiedName ? -1 : a.qualifiedName > b.qualifiedName ? 1 : a.id - b.id));
  const used = new Set<string>();
  const anchors = new Map<number, string>();
  for (const sym of all) {
    let anchor = `sym-${slugSegment(sym.qualifiedName)}`;
    if (used.has(anchor)) anchor = `${anchor}-${shortHash(`${sym.qualifiedName}#${sym.kind}#${sym.id}`)}`;
    used.add(anchor);
    anchors.set(sym.id, anchor);
  }
  return anchors;
}

function signatureHtml(lines: TsPart[][], links: Map<number, string>, escape: (s: string) => string): string {
  return lines
    .map((parts) =>
      parts
        .map((p) => {
          const url = p.target !== undefined ? links.get(p.target) : undefined;
          return url ? `<a href="${escape(url)}">${escape(p.text)}</a>` : escape(p.text);
        })
        .join(''),
    )
    .join('\n');
}

function symbolView(
  sym: TsSymbol,
  depth: number,
  anchor: string,
  badgeHtml: string,
  links: Map<number, string>,
  md: (text: string) => string,
  fileUrl: FileUrl,
  infoById: Map<number, PageInfo>,
  view: (sym: TsSymbol, depth: number) => object,
  escape: (text: string) => string,
): object {
  const doc: TsDoc | null = sym.doc;
  const source = sym.sources[0];
  return {
    anchor,
    depth,
    name: depth > 3 ? sym.name : sym.qualifiedName,
    kind: sym.kind,
    kindLabel: KIND_LABEL[sym.kind],
    badgeHtml,
    signatureHtml: signatureHtml(sym.signatures, links, escape),
    deprecated: doc?.deprecated != null,
    deprecatedHtml: doc?.deprecated ? md(doc.deprecated) : '',
    docHtml: doc ? md(doc.summary) : '',
    pageRoute: sym.kind === 'namespace' ? (infoById.get(sym.id)?.route ?? null) : null,
    typeParameters: sym.typeParameters.filter((t) => t.doc !== '').map((t) => ({ name: t.name, docHtml: md(t.doc) })),
    parameters: sym.parameters.map((p) => ({ name: p.name, docHtml: md(p.doc) })),
    returnsHtml: doc?.returns ? md(doc.returns) : '',
    throwsHtml: (doc?.throws ?? []).map(md),
    examplesHtml: (doc?.examples ?? []).map(md),
    since: doc?.since ?? '',
    seeHtml: (doc?.see ?? []).map(md),
    otherTags: (doc?.other ?? []).map(([tag, text]) => ({ tag, html: md(text) })),
    sourceUrl: source ? fileUrl(source.path, source.lines[0]) : null,
    sourceLabel: source ? `${source.path}:${source.lines[0]}` : '',
    members: sym.members.map((m) => view(m, depth + 1)),
  };
}
