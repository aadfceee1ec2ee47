// The API overview page: what the spec says about itself (info, servers, security schemes,
// introductions), every operation by group, the schemas, and the files the spec is made of.

import type { ExtractedPage } from '../../model/extracted.ts';
import type { Group } from './groups.ts';
import { page, type SpecPages } from './paginate.ts';
import { isObj, md, plain, safeUrl, stringList, text, type Obj } from './text.ts';
import type { SpecVersion } from './validate.ts';
import { securityText } from './view.ts';

/** Files listed by name on the overview (all of them are its sources either way). */
const MAX_LISTED_FILES = 500;

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

export function overviewPage(
  spec: SpecPages,
  doc: Obj,
  version: SpecVersion,
  groups: Group[],
  introTags: { name: string; descriptionHtml: string }[],
  schemas: { href: string | null; count: number },
  files: string[],
): ExtractedPage {
  const info = isObj(doc.info) ? doc.info : {};
  const components = isObj(doc.components) ? doc.components : {};
  const schemes = version === '2.0' ? doc.securityDefinitions : components.securitySchemes;
  const security = securityText(doc.security);
  const html = spec.templates.render('openapi/overview', {
    version: spec.apiVersion,
    specLabel: version === '2.0' ? 'Swagger 2.0' : `OpenAPI ${text(doc.openapi)}`,
    rootPath: spec.root,
    summary: text(info.summary),
    descriptionHtml: md(info.description),
    introTags,
    servers: serversOf(doc, version),
    securitySchemes: isObj(schemes) ? Object.entries(schemes).map(([name, s]) => securitySchemeView(name, isObj(s) ? s : {})) : [],
    security,
    hasSecurity: security.length > 0,
    groups: groups.map((g) => ({
      name: g.title,
      href: g.route,
      descriptionHtml: md(g.info.description),
      operations: g.ops.map((o) => ({ href: o.href ?? '', method: o.view!.method, methodUpper: o.view!.methodUpper, path: o.view!.path, summary: o.view!.summary, deprecated: o.view!.deprecated })),
    })),
    schemasHref: schemas.href,
    schemaCount: schemas.count,
    files: files.slice(0, MAX_LISTED_FILES),
    fileCount: files.length,
    moreFiles: files.length > MAX_LISTED_FILES ? files.length - MAX_LISTED_FILES : 0,
    contact: isObj(info.contact) ? { name: text(info.contact.name), url: safeUrl(info.contact.url), email: /^[^\s<>"'@]+@[^\s<>"'@]+$/.test(text(info.contact.email)) ? text(info.contact.email) : '' } : null,
    license: isObj(info.license) ? { name: text(info.license.name), url: safeUrl(info.license.url), identifier: text(info.license.identifier) } : null,
    termsOfService: safeUrl(info.termsOfService),
    externalDocs: isObj(doc.externalDocs) ? { url: safeUrl(doc.externalDocs.url), text: text(doc.externalDocs.description) || text(doc.externalDocs.url) } : null,
  });
  return page(spec, {
    id: spec.pageId,
    route: spec.base,
    title: spec.apiTitle,
    navOrder: `${spec.apiTitle}#0`,
    description: text(info.summary) || plain(info.description) || `API reference of ${spec.apiTitle}`,
    introHtml: html,
    parts: [],
    sections: [],
    allSources: files,
  });
}
