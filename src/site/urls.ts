// Where the wiki is served, and the URLs its pages link with. Routes stay site-relative everywhere
// before the site stage (templates, livewiki.json, the ledger: `/repo/docs/x/`), so they never
// change with the deployment. The site stage turns every root-absolute URL of a built page into
// one relative to that page (`../../repo/docs/x/`), so a wiki works under any path (a GitHub Pages
// project site, a folder on an intranet server, a file share) with or without `site` set. Only the
// 404 page, which hosts serve at any missing address, uses the site's base path instead.

/** The configured `site` (see src/config/site-url.ts), taken apart. */
export interface SiteLocation {
  /** Normalized absolute URL ending with `/`, e.g. `https://acme.github.io/wiki/`. */
  url: string;
  /** Its path: the base every route is served under, e.g. `/wiki/`. */
  base: string;
}

/** `https://acme.github.io/wiki/` → its URL and base path; null (no site configured) → null. */
export function siteLocation(site: string | null | undefined): SiteLocation | null {
  if (!site) return null;
  const url = new URL(site);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return { url: url.href, base: url.pathname };
}

/**
 * The absolute URL of a site-relative route (`/repo/docs/x/#a`) under the site URL: for canonical
 * links, and for feeds, sitemaps and redirect rules, which must name absolute URLs.
 */
export function routeUrl(site: SiteLocation, route: string): string {
  // Percent-encodes what needs it (non-ASCII routes); `./` keeps any segment from reading as a scheme.
  return new URL(`./${route.replace(/^\/+/, '')}`, site.url).href;
}

/** `route` (or file path) under a base path: `/repo/x/` under `/wiki/` is `/wiki/repo/x/`. */
export function basedUrl(base: string, route: string): string {
  return base + route.replace(/^\/+/, '');
}

/**
 * `target` (root-absolute: `/repo/x/#a`, `/_astro/a.css`) relative to the page at `fromRoute`
 * (a route ending with `/`, whose folder is the route itself). Raw strings are compared segment by
 * segment, so differently encoded but equal segments only make the path longer, never wrong.
 */
export function relativeUrl(fromRoute: string, target: string): string {
  const cut = target.search(/[?#]/);
  const path = cut === -1 ? target : target.slice(0, cut);
  const rest = cut === -1 ? '' : target.slice(cut);
  const from = fromRoute.split('/').filter((s) => s !== '');
  const to = path.split('/').slice(1);
  // `to` ends with the file name, or with '' for a folder URL.
  const dirs = to.slice(0, -1);
  let common = 0;
  while (common < from.length && common < dirs.length && from[common] === dirs[common]) common++;
  const up = '../'.repeat(from.length - common);
  const down = to.slice(common).join('/');
  // `./` keeps a first segment with a colon from reading as a scheme, and an empty path from
  // meaning "this document" (which would drop the trailing slash semantics of a folder URL).
  return up === '' ? `./${down}${rest}` : `${up}${down}${rest}`;
}

/** URL-valued attributes of our pages that may hold a root-absolute URL. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'poster', 'data-lw-root', 'data-lw-to']);

const TOKEN = /<!--[\s\S]*?-->|<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
/** Elements whose content is text, not markup: where each one ends. */
const RAW_TEXT = new Map(['script', 'style', 'textarea', 'title'].map((name) => [name, new RegExp(`</${name}`, 'gi')]));

/** A root-absolute URL (`/x`), not a protocol-relative one (`//host`). */
function rootAbsolute(value: string): boolean {
  return value.charCodeAt(0) === 0x2f && value.charCodeAt(1) !== 0x2f && value.charCodeAt(1) !== 0x5c;
}

/**
 * Rewrites every root-absolute URL in the URL-valued attributes of `html` (trusted HTML that our
 * templates, the sanitizer and Astro serialized) with `resolve`; the meta refresh's `url=` too.
 * Text, comments and the content of raw-text elements (scripts, styles) are never touched, so a
 * code sample that shows `href="/x"` stays as written.
 */
export function rewriteUrls(html: string, resolve: (url: string) => string): string {
  let out = '';
  let last = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(html); m !== null; m = TOKEN.exec(html)) {
    const name = m[1]?.toLowerCase();
    if (name === undefined) continue;
    const attrs = m[2]!;
    if (attrs.includes('/')) {
      const rewritten = rewriteAttributes(name, attrs, resolve);
      if (rewritten !== attrs) {
        const start = m.index + 1 + m[1]!.length;
        out += html.slice(last, start) + rewritten;
        last = start + attrs.length;
      }
    }
    const closing = RAW_TEXT.get(name);
    if (closing) {
      closing.lastIndex = TOKEN.lastIndex;
      TOKEN.lastIndex = closing.exec(html)?.index ?? html.length;
    }
  }
  return last === 0 ? html : out + html.slice(last);
}

function rewriteAttributes(tag: string, attrs: string, resolve: (url: string) => string): string {
  const refresh = tag === 'meta' && /http-equiv\s*=\s*["']?refresh/i.test(attrs);
  return attrs.replace(ATTRIBUTE, (all, rawName: string, dq?: string, sq?: string, bare?: string) => {
    const value = dq ?? sq ?? bare;
    if (value === undefined) return all;
    const name = rawName.toLowerCase();
    let next = value;
    if (URL_ATTRIBUTES.has(name)) {
      if (rootAbsolute(value)) next = resolve(value);
    } else if (refresh && name === 'content') {
      next = value.replace(/^(\s*\d+\s*;\s*url\s*=\s*)(\/.*)$/i, (_, head: string, url: string) => (rootAbsolute(url) ? head + resolve(url) : head + url));
    }
    if (next === value) return all;
    const quote = dq !== undefined ? '"' : sq !== undefined ? "'" : '"';
    return `${rawName}=${quote}${next}${quote}`;
  });
}

/** Rewrites a built page at `route` so it links relatively (works under any base path). */
export function relativizePage(html: string, route: string): string {
  return rewriteUrls(html, (url) => relativeUrl(route, url));
}

/** Rewrites a page served at unknown addresses (the 404 page) onto the base path. */
export function basePage(html: string, base: string): string {
  return base === '/' ? html : rewriteUrls(html, (url) => basedUrl(base, url));
}
