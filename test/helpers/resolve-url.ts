// Resolves a URL of a built site the way a browser does, from the files alone: a page's
// `index.html`; a redirect page is followed as its script does (an old `#anchor` listed in its
// moves goes there, any other keeps its hash; the meta refresh is the no-script fallback); the
// fragment must then name an element id on the final page (browsers match the id exactly).
// The answer says what the reader lands on: the page, a section, a named removal ("no longer on
// this page" or a tombstone), a "source unavailable" page, or nothing (a broken URL).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeEntities } from '../../src/utils/entities.ts';

/** `moved`: a "moved or removed sections" line that links to where the section went. */
export type Landing = 'page' | 'section' | 'moved' | 'removed' | 'unavailable' | 'missing';

export interface Answer {
  landing: Landing;
  /** Route and fragment the reader ends on. */
  route: string;
  anchor: string | null;
  /** Redirects followed. */
  hops: number;
  /** Text of the element the fragment names (tags stripped), when there is one. */
  text: string;
}

const attr = (tag: string, name: string): string | null => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decodeEntities(m[1]!) : null;
};

/** The element with `id` and its text up to its closing tag (enough for list items and headings). */
function elementById(html: string, id: string): { tag: string; name: string; text: string; at: number } | null {
  const re = /<([a-z][a-z0-9]*)\b[^>]*\sid="([^"]*)"[^>]*>/gi;
  for (const m of html.matchAll(re)) {
    if (decodeEntities(m[2]!) !== id) continue;
    const name = m[1]!.toLowerCase();
    const end = html.indexOf(`</${name}>`, m.index + m[0].length);
    const inner = html.slice(m.index + m[0].length, end === -1 ? undefined : end);
    return { tag: m[0], name, text: decodeEntities(inner.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim(), at: m.index };
  }
  return null;
}

/** Where the site is taken to be served (any origin would do: only paths are compared). */
const ORIGIN = 'http://site.invalid';

export function resolveUrl(site: string, route: string, anchor: string | null): Answer {
  let hops = 0;
  for (;;) {
    const file = join(site, ...route.split('/').filter(Boolean), 'index.html');
    if (!existsSync(file)) return { landing: 'missing', route, anchor, hops, text: '' };
    const html = readFileSync(file, 'utf8');
    const script = /<script[^>]*\sdata-lw-to="[^"]*"[^>]*>/.exec(html)?.[0];
    if (script) {
      if (++hops > 10) return { landing: 'missing', route, anchor, hops, text: 'redirect loop' };
      const to = attr(script, 'data-lw-to')!;
      const moves = JSON.parse(attr(script, 'data-lw-moves') ?? '{}') as Record<string, string>;
      const refresh = /<meta http-equiv="refresh" content="0; url=([^"]*)"/.exec(html)?.[1];
      if (refresh === undefined || decodeEntities(refresh) !== to) throw new Error(`redirect page ${route} has no matching meta refresh`);
      // As the page's script does: `to` is relative to the page (pages link relatively, so the
      // site works under any path), `moves` are routes resolved against the site's root
      // (data-lw-root, itself relative to the page). The site is taken as served at the root.
      const page = new URL(route, ORIGIN);
      const root = new URL(attr(/<html\b[^>]*>/.exec(html)?.[0] ?? '', 'data-lw-root') ?? '/', page);
      const moved = anchor !== null && Object.hasOwn(moves, anchor) ? moves[anchor] : undefined;
      const onSite = (u: URL): string | null => (u.origin === ORIGIN ? decodeURI(u.pathname) + u.hash : null);
      const movedTo = typeof moved === 'string' && /^\/(?![/\\])/.test(moved) ? onSite(new URL(`.${moved}`, root)) : null;
      const toUrl = onSite(new URL(to, page));
      if (toUrl === null) return { landing: 'missing', route, anchor, hops, text: `redirect off the site: ${to}` };
      const next = movedTo ?? (anchor !== null ? `${toUrl.split('#')[0]}#${anchor}` : toUrl.split('#')[0]!);
      const hash = next.indexOf('#');
      route = hash === -1 ? next : next.slice(0, hash);
      anchor = hash === -1 ? null : next.slice(hash + 1);
      continue;
    }
    const unavailable = /<h1 class="lw-title">[\s\S]*?<\/h1>\s*<div class="lw-banner-error" role="alert">/.test(html) && html.includes('it has not been removed');
    const tombstone = /<h1 class="lw-title">[^<]* was removed<\/h1>/.test(html);
    if (anchor === null) return { landing: unavailable ? 'unavailable' : tombstone ? 'removed' : 'page', route, anchor, hops, text: '' };
    const el = elementById(html, anchor);
    if (!el) return { landing: 'missing', route, anchor, hops, text: '' };
    const listed = el.name === 'li' && html.lastIndexOf('<section class="lw-lost"', el.at) !== -1;
    const landing: Landing = unavailable ? 'unavailable' : tombstone ? 'removed' : listed && /no longer on this page/.test(el.text) ? 'removed' : listed && /moved to/.test(el.text) ? 'moved' : 'section';
    return { landing, route, anchor, hops, text: el.text };
  }
}
