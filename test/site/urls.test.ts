// Where a wiki is served: every link of a built page is relative to the page, so the same output
// works at the root of a host and under any path; the browser's own URL resolution is the oracle.
import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from '../../src/cli/args.ts';
import { normalizeSite, siteProblem } from '../../src/config/site-url.ts';
import { basedUrl, relativeUrl, relativizePage, rewriteUrls, routeUrl, siteLocation } from '../../src/site/urls.ts';
import { absoluteUrl } from '../../site/src/lib/site-url.ts';

/** What a browser requests for `href` on the page at `route` when the site is served under `base`. */
function resolved(base: string, route: string, href: string): string {
  const u = new URL(href, `http://host${base}${route.slice(1)}`);
  return u.pathname + u.search + u.hash;
}

describe('relative URLs of a built page', () => {
  const routes = ['/', '/a/', '/a/b/', '/a/b/c/', '/x/y/', '/überblick-日本/docs/'];
  const targets = ['/', '/a/', '/a/b/', '/a/b/c/#top', '/a/bc/', '/x/', '/_astro/site.abc.css', '/pagefind/pagefind-ui.js', '/favicon.svg', '/a/b/?q=1&amp;r=2#h', '/überblick-日本/docs/#größe', '/a:b/', '/_assets/r/img/logo.png'];
  it('reach the same place under any base path as the root-absolute URL does at the root', () => {
    for (const base of ['/', '/team/wiki/', '/deep/er/path/']) {
      for (const from of routes) {
        for (const to of targets) {
          const rel = relativeUrl(from, to);
          expect(rel.startsWith('/'), `${from} → ${to}`).toBe(false);
          expect(resolved(base, from, rel), `${base} ${from} → ${to} as ${rel}`).toBe(resolved(base, '/', `.${to}`));
        }
      }
    }
  });

  it('are short between neighbours and never empty', () => {
    expect(relativeUrl('/a/b/', '/a/c/')).toBe('../c/');
    expect(relativeUrl('/a/b/', '/a/b/')).toBe('./');
    expect(relativeUrl('/a/b/', '/a/b/#x')).toBe('./#x');
    expect(relativeUrl('/', '/a/')).toBe('./a/');
    expect(relativeUrl('/a/b/', '/')).toBe('../../');
    expect(relativeUrl('/a/b/', '/_astro/x.css')).toBe('../../_astro/x.css');
  });
});

describe('rewriting the URLs of a page', () => {
  const page = [
    '<!DOCTYPE html><html lang="en" data-lw-root="/"><head>',
    '<link rel="stylesheet" href="/_astro/a.css"><script src="/pagefind/pagefind-ui.js" defer></script>',
    '<meta http-equiv="refresh" content="0; url=/r/new/">',
    '<script>if (location.pathname === "/r/x/") { var a = \'<a href="/r/y/">\'; }</script>',
    '<style>a[href="/r/z/"] { color: red }</style></head><body>',
    '<a href="/r/docs/">docs</a> <a href=\'/r/api/#op\'>api</a> <a href="https://example.com/x">ext</a> <a href="//cdn.example/x">proto</a>',
    '<a href="#local">here</a> <img src="/_assets/r/logo.png" alt="a > b"> <form action="/r/search/"></form>',
    '<pre><code>&lt;a href="/r/in-code/"&gt; href="/r/text/"</code></pre><!-- <a href="/r/comment/"> -->',
    '<p title="href=&quot;/r/title/&quot;">see href="/r/plain-text/"</p>',
    '<script data-lw-to="/r/new/" data-lw-moves="{&quot;a&quot;:&quot;/r/new/#a&quot;}">x</script>',
    '</body></html>',
  ].join('\n');
  const out = relativizePage(page, '/r/old/');

  it('rewrites URL-valued attributes of every element, the meta refresh and our data attributes', () => {
    expect(out).toContain('data-lw-root="../../"');
    expect(out).toContain('href="../../_astro/a.css"');
    expect(out).toContain('src="../../pagefind/pagefind-ui.js"');
    expect(out).toContain('content="0; url=../new/"');
    expect(out).toContain('<a href="../docs/">docs</a>');
    expect(out).toContain("<a href='../api/#op'>api</a>");
    expect(out).toContain('src="../../_assets/r/logo.png" alt="a > b"');
    expect(out).toContain('action="../search/"');
    expect(out).toContain('data-lw-to="../new/"');
  });

  it('leaves external, protocol-relative and fragment URLs, text, code, comments, scripts and styles as they are', () => {
    expect(out).toContain('href="https://example.com/x"');
    expect(out).toContain('href="//cdn.example/x"');
    expect(out).toContain('href="#local"');
    expect(out).toContain('<pre><code>&lt;a href="/r/in-code/"&gt; href="/r/text/"</code></pre>');
    expect(out).toContain('<!-- <a href="/r/comment/"> -->');
    expect(out).toContain('\'<a href="/r/y/">\'');
    expect(out).toContain('a[href="/r/z/"]');
    expect(out).toContain('see href="/r/plain-text/"');
    expect(out).toContain('title="href=&quot;/r/title/&quot;"');
    // JSON in data attributes stays site-relative: scripts resolve it against data-lw-root.
    expect(out).toContain('data-lw-moves="{&quot;a&quot;:&quot;/r/new/#a&quot;}"');
  });

  it('changes nothing else, byte for byte', () => {
    const strip = (s: string) => s.replace(/(href|src|action|data-lw-root|data-lw-to)=("|')[^"']*\2/g, '$1=U').replace(/url=[^"]*/g, 'url=U');
    expect(strip(out)).toBe(strip(page));
  });

  it('puts the 404 page, served at any address, under the base path', () => {
    const html = '<html data-lw-root="/"><a href="/">home</a><link href="/_astro/a.css"><a href="https://x.example/">x</a></html>';
    expect(rewriteUrls(html, (u) => basedUrl('/team/wiki/', u))).toBe('<html data-lw-root="/team/wiki/"><a href="/team/wiki/">home</a><link href="/team/wiki/_astro/a.css"><a href="https://x.example/">x</a></html>');
  });
});

describe('the site setting', () => {
  it('takes an absolute http(s) URL; its path, ending with "/", is the base', () => {
    expect(normalizeSite('https://acme.github.io/wiki')).toBe('https://acme.github.io/wiki/');
    expect(normalizeSite('https://docs.example.com')).toBe('https://docs.example.com/');
    expect(siteLocation('https://acme.github.io/wiki/')).toEqual({ url: 'https://acme.github.io/wiki/', base: '/wiki/' });
    expect(siteLocation(null)).toBeNull();
  });

  it('refuses what cannot be where a wiki is served, saying why', () => {
    expect(siteProblem('acme.github.io/wiki')).toMatch(/not an absolute URL/);
    expect(siteProblem('ftp://acme.example/wiki/')).toMatch(/http\(s\)/);
    expect(siteProblem('https://user:pw@acme.example/')).toMatch(/user name or password/);
    expect(siteProblem('https://acme.example/wiki/?x=1')).toMatch(/query/);
    expect(siteProblem('https://acme.example/wiki/#top')).toMatch(/fragment/);
    expect(siteProblem('https://acme.github.io/wiki/')).toBeNull();
  });

  it('gives each route its absolute URL (canonical links, feeds, sitemaps), percent-encoded', () => {
    const site = siteLocation('https://acme.github.io/wiki/')!;
    expect(routeUrl(site, '/')).toBe('https://acme.github.io/wiki/');
    expect(routeUrl(site, '/r/docs/x/#a')).toBe('https://acme.github.io/wiki/r/docs/x/#a');
    expect(routeUrl(site, '/r/überblick/')).toBe('https://acme.github.io/wiki/r/%C3%BCberblick/');
    // The theme's own copy (it ships without livewiki's sources) gives the same URLs.
    for (const [url, route] of [['https://acme.github.io/wiki/', '/r/überblick/#a'], ['https://acme.github.io/wiki', '/'], ['http://intranet:8080/', '/r/a:b/']]) {
      expect(absoluteUrl(url!, route!), `${url} ${route}`).toBe(routeUrl(siteLocation(url)!, route!));
    }
  });

  it('is --site URL on the command line, a usage error when it is not a URL', () => {
    const args = parseCli(['build', '--site', 'https://acme.github.io/wiki/']);
    expect(args).toMatchObject({ command: 'build', site: 'https://acme.github.io/wiki/' });
    expect(() => parseCli(['build', '--site', 'wiki/'])).toThrow(UsageError);
    expect(() => parseCli(['build', '--site', 'wiki/'])).toThrow(/--site: "wiki\/" is not an absolute URL/);
    expect(() => parseCli(['init', '--site', 'https://a.example/'])).toThrow(/only of build and check/);
  });
});
