// The link checker of `livewiki check`: every same-site link in a rendered page body must reach
// a page (or a published file) of this wiki, and its `#anchor` an id on that page. It reads the
// final bodies (our templates + sanitized extractor HTML, attributes always double-quoted), so
// it sees exactly what readers would click. A broken link is reported at the page's source file,
// at the first line that spells the link's fragment or target, when the page has one.
import type { Diagnostics } from '../model/diagnostics.ts';
import type { SitePage } from '../model/site.ts';
import { decodeEntities } from '../utils/entities.ts';

export interface PageOrigin {
  repo: string;
  path: string;
}

export interface LinkCheckInput {
  pages: readonly SitePage[];
  /** Output paths of files and assets (`livewiki.json`, images), without a leading slash. */
  files: readonly string[];
  /** Source of a page by route (the first source of the page that rendered it). */
  originOf(route: string): PageOrigin | null;
  /** Text of a source file, when it is at hand (to find the link's line). */
  readSource(origin: PageOrigin): string | null;
}

export interface LinkCheckResult {
  links: number;
  broken: number;
}

const HREF_RE = /<a\b[^>]*?\shref="([^"]*)"/gi;
const ID_RE = /\sid="([^"]*)"/gi;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Route key: decoded, with a trailing slash (the site is built in directory format). */
function routeKey(path: string): string {
  const p = decode(path);
  return p.endsWith('/') || /\.[a-z0-9]+$/i.test(p) ? p : `${p}/`;
}

export function idsOf(html: string): Set<string> {
  const ids = new Set<string>();
  for (const m of html.matchAll(ID_RE)) ids.add(decodeEntities(m[1]!));
  return ids;
}

export function hrefsOf(html: string): string[] {
  return [...html.matchAll(HREF_RE)].map((m) => decodeEntities(m[1]!));
}

/** Where a link is written in its source: the first line spelling its fragment, else its target's last segment. */
export function lineOfLink(source: string, path: string, fragment: string | null): number | undefined {
  const needles: string[] = [];
  if (fragment) needles.push(`#${fragment}`, `#${decode(fragment)}`);
  const last = decode(path).replace(/\/+$/, '').split('/').at(-1);
  if (last) needles.push(last);
  const lines = source.split('\n');
  for (const needle of needles) {
    const i = lines.findIndex((l) => l.includes(needle));
    if (i >= 0) return i + 1;
  }
  return undefined;
}

export function checkLinks(input: LinkCheckInput, diagnostics: Diagnostics): LinkCheckResult {
  const byRoute = new Map<string, SitePage>();
  for (const p of input.pages) byRoute.set(routeKey(p.route), p);
  const files = new Set(input.files.map((f) => `/${f}`));
  const idCache = new Map<SitePage, Set<string>>();
  const idsOfPage = (p: SitePage): Set<string> => {
    let ids = idCache.get(p);
    if (!ids) {
      ids = idsOf(p.bodyHtml);
      for (const t of p.toc) ids.add(t.anchor);
      idCache.set(p, ids);
    }
    return ids;
  };
  const sources = new Map<string, string | null>();
  const sourceText = (o: PageOrigin): string | null => {
    const k = `${o.repo}\0${o.path}`;
    if (!sources.has(k)) sources.set(k, input.readSource(o));
    return sources.get(k)!;
  };

  let links = 0;
  let broken = 0;
  for (const page of [...input.pages].sort((a, b) => (a.route < b.route ? -1 : a.route > b.route ? 1 : 0))) {
    const seen = new Set<string>();
    const origin = input.originOf(page.route);
    for (const href of hrefsOf(page.bodyHtml)) {
      // Same-site links only: `/route/…` or `#anchor`; other schemes and hosts are not ours to check.
      if (!(href.startsWith('#') || (href.startsWith('/') && !href.startsWith('//')))) continue;
      links++;
      if (seen.has(href)) continue;
      seen.add(href);
      const hash = href.indexOf('#');
      const pathPart = (hash >= 0 ? href.slice(0, hash) : href).replace(/\?.*$/, '');
      const fragment = hash >= 0 ? href.slice(hash + 1) : null;
      const target = pathPart === '' ? page : byRoute.get(routeKey(pathPart));
      const where = (): Parameters<Diagnostics['error']>[2] => {
        if (!origin) return {};
        const text = sourceText(origin);
        const line = text === null ? undefined : lineOfLink(text, pathPart, fragment);
        return { repo: origin.repo, file: origin.path, ...(line === undefined ? {} : { line }) };
      };
      if (!target) {
        if (files.has(decode(pathPart))) continue;
        broken++;
        diagnostics.error('E_LINK_BROKEN', `Page ${page.route} links to "${href}", which is not a page of the wiki.`, {
          ...where(),
          hint: 'Link to an existing document (relative to this file), or remove the link.',
        });
        continue;
      }
      // Redirect stubs forward anchors themselves (their `moves`); empty fragments go to the top.
      if (fragment === null || fragment === '' || target.redirect) continue;
      const ids = idsOfPage(target);
      if (ids.has(fragment) || ids.has(decode(fragment)) || ids.has(`user-content-${decode(fragment)}`)) continue;
      broken++;
      const known = [...ids].filter((id) => !id.startsWith('user-content-fn')).slice(0, 8);
      diagnostics.error('E_LINK_ANCHOR', `Page ${page.route} links to "${href}", but ${target === page ? 'this page' : target.route} has no "#${decode(fragment)}".`, {
        ...where(),
        hint: known.length > 0 ? `Anchors on that page include: ${known.map((a) => `#${a}`).join(', ')}.` : 'That page has no anchors; link to the page itself.',
      });
    }
  }
  return { links, broken };
}
