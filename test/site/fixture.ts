// A small synthetic SiteBundle shared by the site tests: five pages (one with a non-ASCII
// route), one image asset, one extra file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NavLink, SiteBundle, SitePage } from '../../src/model/site.ts';
import { tempDir } from '../helpers/temp.ts';

// A 1x1 PNG; copied verbatim, so the output bytes must equal these.
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

export const UNICODE_ROUTE = '/demo/docs/überblick-日本/';

function sidebar(current: string): NavLink[] {
  const links: NavLink[] = [
    { title: 'Guide', route: '/demo/docs/guide/' },
    { title: 'Überblick', route: UNICODE_ROUTE },
    { title: 'API', route: '/demo/api/', children: [{ title: 'Pets', route: '/demo/api/pets/' }] },
  ];
  const mark = (l: NavLink): NavLink => ({
    ...l,
    ...(l.route === current ? { current: true } : {}),
    ...(l.children ? { children: l.children.map(mark) } : {}),
  });
  return links.map(mark);
}

function page(route: string, title: string, body: string, extra: Partial<SitePage> = {}): SitePage {
  return {
    route,
    title,
    description: `About ${title}`,
    repo: route === '/' ? null : 'demo',
    bodyHtml: `<h1 id="top">${title}</h1>\n${body}`,
    toc: [{ anchor: 'details', title: 'Details', depth: 2 }],
    nav: {
      breadcrumbs: route === '/' ? [] : [{ title: 'Home', route: '/' }, { title: 'demo', route: '/demo/' }],
      sidebar: sidebar(route),
    },
    ...extra,
  };
}

export function makeBundle(overrides: Partial<SiteBundle> = {}): SiteBundle {
  const assetDir = tempDir('livewiki-asset-');
  const image = join(assetDir, 'diagram.png');
  writeFileSync(image, PNG);
  return {
    title: 'Demo wiki',
    pages: [
      page('/', 'Demo wiki', '<ul class="lw-index"><li><a href="/demo/">demo</a></li></ul>'),
      page(
        '/demo/docs/guide/',
        'Guide',
        '<p class="lw-prov">Changed by Ada in <a href="https://example.com/c/1">abc123</a></p>\n<h2 id="details">Details <details class="lw-badge"><summary>Ada · 2024-05-01</summary><div>Commit abc123: fix the flux capacitor</div></details></h2>\n<p>The quokka configuration lives in <code>flux.yaml</code>.</p><img src="/assets/demo/diagram.png" alt="Diagram">',
      ),
      page(UNICODE_ROUTE, 'Überblick', '<h2 id="details">Details</h2><p>Ein Überblick über 日本 und die Kängurus.</p>'),
      page('/demo/api/', 'API', '<div class="lw-banner-warn" role="note">Source unavailable since abc123.</div><h2 id="details">Details</h2><p>Endpoints.</p>'),
      page('/demo/api/pets/', 'Pets', '<h2 id="details">Details</h2><p>GET /pets lists the pets.</p>'),
    ],
    assets: [{ outPath: 'assets/demo/diagram.png', from: image }],
    files: [{ outPath: 'livewiki.json', content: '{"version":1,"pages":5}\n' }],
    footer: {
      commits: [{ repo: 'demo', sha: '0123456789abcdef0123456789abcdef01234567', url: 'https://example.com/demo/commit/0123456789abcdef0123456789abcdef01234567' }],
      builtAt: '2024-05-01T10:00:00Z',
      generator: 'livewiki 0.1.0',
    },
    ...overrides,
  };
}
