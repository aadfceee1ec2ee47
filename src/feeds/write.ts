// Atom (RFC 4287), JSON Feed 1.1 and sitemap (sitemaps.org 0.9) text from feed entries and page
// records. No clock: a feed's `updated` is its newest entry's landed date (or the built commit's
// when it has none). Links are absolute under the `site` URL when it is known, else relative to
// the feed file, so a wiki served under any path keeps working.

import type { FeedEntry } from './entries.ts';

export interface FeedMeta {
  /** Output path without extension, e.g. `feeds/repo/api`. */
  path: string;
  title: string;
  description: string;
  /** Route of the page the feed describes. */
  home: string;
  /** `updated` when there are no entries. */
  fallbackUpdated: string;
}

export interface Links {
  /** Absolute base (`https://acme.github.io/wiki/`), or null for links relative to the file. */
  base: string | null;
  generator: { name: string; version: string };
}

/** Characters XML 1.0 cannot hold (C0 controls but tab/newline/return, lone surrogates, U+FFFE/F). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(s: string): string {
  return s.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A site route (`/repo/page/#a`) as seen from the output file `from` (`feeds/all.atom`). */
export function urlOf(route: string, from: string, links: Links): string {
  if (links.base !== null) return new URL(route.replace(/^\//, ''), links.base).href;
  const depth = from.split('/').length - 1;
  const rel = route.replace(/^\//, '');
  return depth === 0 ? rel === '' ? './' : rel : '../'.repeat(depth) + rel;
}

function tagId(what: string): string {
  return `tag:livewiki,2025:${what.split('/').map(encodeURIComponent).join('/')}`;
}

function entryId(e: FeedEntry): string {
  return tagId(`${e.repo}/commit/${e.sha}`);
}

function entryTitle(e: FeedEntry): string {
  return `${e.breaking ? '[breaking] ' : ''}${e.subject}`;
}

/** The entry's body as HTML (escaped): why, who, what it changed. */
function contentHtml(e: FeedEntry, from: string, links: Links): string {
  const out: string[] = [];
  const refs = [
    ...e.refs.pulls.map((p) => (p.url ? `<a href="${html(p.url)}">#${p.number}</a>` : `#${p.number}`)),
    ...e.refs.tickets.map((t) => (t.url ? `<a href="${html(t.url)}">${html(t.key)}</a>` : html(t.key))),
    ...e.refs.issues.map((i) => (i.url ? `<a href="${html(i.url)}">#${i.number}</a>` : `#${i.number}`)),
  ];
  const commit = e.commitUrl ? `<a href="${html(e.commitUrl)}"><code>${e.sha.slice(0, 8)}</code></a>` : `<code>${e.sha.slice(0, 8)}</code>`;
  out.push(`<p>${html(e.repo)} ${commit}${refs.length > 0 ? ` (${refs.join(', ')})` : ''} by ${html(e.authors.map((a) => a.name).join(', '))}</p>`);
  if (e.api.length > 0) out.push(`<p>API changes:</p><ul>${e.api.map((a) => `<li>${a.breaking ? '<strong>breaking</strong>: ' : ''}<code>${html(a.key)}</code> ${html(a.summary)}</li>`).join('')}</ul>`);
  if (e.sections.length > 0) out.push(`<p>Sections changed:</p><ul>${e.sections.map((s) => `<li><a href="${html(urlOf(s.route, from, links))}">${html(s.title)}</a> (${html(s.page)})</li>`).join('')}</ul>`);
  if (e.pages.length > 0) out.push(`<p>Pages changed:</p><ul>${e.pages.map((p) => `<li><a href="${html(urlOf(p.route, from, links))}">${html(p.title)}</a></li>`).join('')}</ul>`);
  return out.join('');
}

function updatedOf(entries: readonly FeedEntry[], meta: FeedMeta): string {
  return entries.reduce((max, e) => (e.committedAt > max ? e.committedAt : max), entries[0]?.committedAt ?? meta.fallbackUpdated);
}

export function atom(meta: FeedMeta, entries: readonly FeedEntry[], links: Links): string {
  const file = `${meta.path}.atom`;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xmlText(links.base !== null ? urlOf(`/${file}`, file, links) : tagId(`feed/${meta.path}`))}</id>`,
    `  <title>${xmlText(meta.title)}</title>`,
    `  <subtitle>${xmlText(meta.description)}</subtitle>`,
    `  <updated>${xmlText(updatedOf(entries, meta))}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(urlOf(`/${file}`, file, links))}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(urlOf(meta.home, file, links))}"/>`,
    `  <generator version="${xmlText(links.generator.version)}">${xmlText(links.generator.name)}</generator>`,
  ];
  for (const e of entries) {
    lines.push(
      '  <entry>',
      `    <id>${xmlText(entryId(e))}</id>`,
      `    <title>${xmlText(entryTitle(e))}</title>`,
      `    <updated>${xmlText(e.committedAt)}</updated>`,
      `    <published>${xmlText(e.committedAt)}</published>`,
      ...(e.authors.length > 0 ? e.authors : [{ name: 'unknown' }]).map((a) => `    <author><name>${xmlText(a.name)}</name></author>`),
      `    <link rel="alternate" type="text/html" href="${xmlText(urlOf(e.route, file, links))}"/>`,
      ...e.refs.pulls.filter((p) => p.url).map((p) => `    <link rel="related" type="text/html" href="${xmlText(p.url!)}" title="Pull request #${p.number}"/>`),
      ...(e.commitUrl ? [`    <link rel="via" type="text/html" href="${xmlText(e.commitUrl)}" title="Commit"/>`] : []),
      `    <category term="${xmlText(e.repo)}"/>`,
      ...(e.breaking ? ['    <category term="breaking"/>'] : []),
      `    <content type="html">${xmlText(contentHtml(e, file, links))}</content>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}

export function jsonFeed(meta: FeedMeta, entries: readonly FeedEntry[], links: Links): string {
  const file = `${meta.path}.json`;
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: meta.title,
    description: meta.description,
    ...(links.base !== null ? { home_page_url: urlOf(meta.home, file, links), feed_url: urlOf(`/${file}`, file, links) } : {}),
    items: entries.map((e) => ({
      id: entryId(e),
      url: urlOf(e.route, file, links),
      ...(e.refs.pulls[0]?.url ? { external_url: e.refs.pulls[0].url } : e.commitUrl ? { external_url: e.commitUrl } : {}),
      title: entryTitle(e),
      content_html: contentHtml(e, file, links),
      date_published: e.committedAt,
      date_modified: e.committedAt,
      authors: (e.authors.length > 0 ? e.authors : [{ name: 'unknown' }]).map((a) => ({ name: a.name })),
      tags: [e.repo, ...(e.breaking ? ['breaking'] : [])],
      _livewiki: {
        repo: e.repo,
        commit: e.sha,
        pulls: e.refs.pulls.map((p) => p.number),
        tickets: e.refs.tickets.map((t) => t.key),
        sections: e.sections.map((s) => urlOf(s.route, file, links)),
        breaking: e.breaking,
      },
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}

/** Most URLs one sitemap file may list (sitemaps.org). */
export const SITEMAP_MAX = 50_000;

/** `sitemap.xml` (an index of `sitemap-N.xml` files past 50,000 URLs); needs the absolute base. */
export function sitemaps(urls: readonly { route: string; lastmod: string | null }[], base: string): { outPath: string; content: string }[] {
  const links: Links = { base, generator: { name: '', version: '' } };
  const file = (list: typeof urls) =>
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
      ...list.map((u) => `  <url><loc>${xmlText(urlOf(u.route, 'sitemap.xml', links))}</loc>${u.lastmod ? `<lastmod>${xmlText(u.lastmod)}</lastmod>` : ''}</url>`),
      '</urlset>',
      '',
    ].join('\n');
  if (urls.length <= SITEMAP_MAX) return [{ outPath: 'sitemap.xml', content: file(urls) }];
  const parts: { outPath: string; content: string }[] = [];
  for (let i = 0; i * SITEMAP_MAX < urls.length; i++) parts.push({ outPath: `sitemap-${i + 1}.xml`, content: file(urls.slice(i * SITEMAP_MAX, (i + 1) * SITEMAP_MAX)) });
  const index = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...parts.map((p) => `  <sitemap><loc>${xmlText(urlOf(`/${p.outPath}`, 'sitemap.xml', links))}</loc></sitemap>`),
    '</sitemapindex>',
    '',
  ].join('\n');
  return [{ outPath: 'sitemap.xml', content: index }, ...parts];
}
