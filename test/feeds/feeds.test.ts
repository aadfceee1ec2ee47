// Feeds and sitemap (issue 15.2) over a scripted repository built into a real site: Atom and JSON
// Feed for the wiki, the repository, each CODEOWNERS owner and the API spec, one entry per landed
// change with its pull request, ticket, authors and the sections it changed (breaking API changes
// marked), bounded; sitemap.xml with each page's last change. Oracles: git for the first-parent
// chain and last changes; ajv (JSON Feed 1.1 schema below, from jsonfeed.org/version/1.1), the
// `sitemap` package's parser and validators, sax for well-formed XML plus RFC 4287's structural
// rules, and Chromium's own XML parser; then a browser follows a feed entry to its section.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Ajv } from 'ajv';
import sax from 'sax';
import { ErrorLevel, parseSitemap, validateSMIOptions } from 'sitemap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { atom, jsonFeed, urlOf } from '../../src/feeds/write.ts';
import type { FeedEntry } from '../../src/feeds/entries.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build, type BuildResult } from '../../src/pipeline/run.ts';
import { BROWSER_MISSING, launchBrowser, needsBrowser, serveStatic, type StaticServer, type TestBrowser } from '../helpers/browser.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

const CAROL = 'Carol Writer <carol@example.com>';
const DAN = 'Dan Api <dan@example.com>';
const TOKEN = `ghp_${'Zq8'.repeat(12)}`;

const SPEC = (withGet: boolean) => `openapi: 3.0.3
info: { title: Pets, version: '1' }
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200': { description: Pets }
${withGet ? `  /pets/{id}:
    get:
      operationId: getPet
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        '200': { description: A pet }
` : ''}`;

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): the required members and their types. */
const JSON_FEED_SCHEMA = {
  type: 'object',
  required: ['version', 'title', 'items'],
  properties: {
    version: { const: 'https://jsonfeed.org/version/1.1' },
    title: { type: 'string' },
    home_page_url: { type: 'string', format: 'uri' },
    feed_url: { type: 'string', format: 'uri' },
    description: { type: 'string' },
    authors: { type: 'array', items: { $ref: '#/$defs/author' } },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id'],
        anyOf: [{ required: ['content_html'] }, { required: ['content_text'] }],
        properties: {
          id: { type: 'string', minLength: 1 },
          url: { type: 'string' },
          external_url: { type: 'string' },
          title: { type: 'string' },
          content_html: { type: 'string' },
          content_text: { type: 'string' },
          date_published: { type: 'string', format: 'date-time' },
          date_modified: { type: 'string', format: 'date-time' },
          authors: { type: 'array', items: { $ref: '#/$defs/author' } },
          tags: { type: 'array', items: { type: 'string' } },
        },
        // Extensions must start with an underscore (JSON Feed 1.1, "Extensions").
        propertyNames: { anyOf: [{ enum: ['id', 'url', 'external_url', 'title', 'content_html', 'content_text', 'summary', 'image', 'banner_image', 'date_published', 'date_modified', 'authors', 'tags', 'language', 'attachments'] }, { pattern: '^_' }] },
      },
    },
  },
  $defs: { author: { type: 'object', properties: { name: { type: 'string' }, url: { type: 'string' }, avatar: { type: 'string' } }, minProperties: 1 } },
} as const;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Parses strictly (sax throws on anything not well-formed) into a small tree. */
function parseXml(text: string): XmlNode {
  const parser = sax.parser(true, { xmlns: false });
  const root: XmlNode = { name: '#root', attrs: {}, children: [], text: '' };
  const stack = [root];
  parser.onerror = (e) => {
    throw e;
  };
  parser.onopentag = (t) => {
    const node: XmlNode = { name: t.name, attrs: t.attributes as Record<string, string>, children: [], text: '' };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  };
  parser.onclosetag = () => void stack.pop();
  parser.ontext = (t) => void (stack.at(-1)!.text += t);
  parser.write(text).close();
  return root.children[0]!;
}

const kids = (n: XmlNode, name: string) => n.children.filter((c) => c.name === name);

/** RFC 4287's structural rules for an Atom feed document (section 4.1), as feed validators check them. */
function checkAtom(text: string): XmlNode {
  const feed = parseXml(text);
  expect(feed.name).toBe('feed');
  expect(feed.attrs.xmlns).toBe('http://www.w3.org/2005/Atom');
  for (const one of ['id', 'title', 'updated']) expect(kids(feed, one), `feed ${one}`).toHaveLength(1);
  expect(kids(feed, 'updated')[0]!.text).toMatch(RFC3339);
  expect(kids(feed, 'link').filter((l) => l.attrs.rel === 'self')).toHaveLength(1);
  const entries = kids(feed, 'entry');
  const ids = new Set<string>();
  for (const e of entries) {
    for (const one of ['id', 'title', 'updated']) expect(kids(e, one), `entry ${one}`).toHaveLength(1);
    const id = kids(e, 'id')[0]!.text;
    expect(id).toMatch(/^[a-z][a-z0-9+.-]*:/); // an absolute IRI
    expect(ids.has(id)).toBe(false);
    ids.add(id);
    expect(kids(e, 'updated')[0]!.text).toMatch(RFC3339);
    // atom:author in every entry (or the feed); alternate link or content.
    expect(kids(e, 'author').length + kids(feed, 'author').length).toBeGreaterThan(0);
    for (const a of kids(e, 'author')) expect(kids(a, 'name')).toHaveLength(1);
    expect(kids(e, 'link').some((l) => (l.attrs.rel ?? 'alternate') === 'alternate') || kids(e, 'content').length === 1).toBe(true);
    for (const l of kids(e, 'link')) expect(l.attrs.href).toBeTruthy();
    expect(kids(e, 'link').filter((l) => (l.attrs.rel ?? 'alternate') === 'alternate' && l.attrs.type === 'text/html').length).toBeLessThanOrEqual(1);
  }
  return feed;
}

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat('uri', (s: string) => /^https?:\/\//.test(s));
ajv.addFormat('date-time', (s: string) => RFC3339.test(s));
const validJsonFeed = ajv.compile(JSON_FEED_SCHEMA);

let repo: TestRepo;
let server: StaticServer;
let out: string;
let result: BuildResult;
let wiki: LivewikiJson;
const shas: Record<string, string> = {};

beforeAll(async () => {
  repo = TestRepo.init();
  removeAfterFile(repo.root);
  repo.git('remote', 'add', 'origin', 'https://github.com/acme/pets.git');
  repo
    .write('livewiki.config.json', JSON.stringify({ tickets: { prefixes: ['OPS'] } }))
    .write('CODEOWNERS', 'docs/ @acme/docs\nopenapi.yaml @acme/api\n')
    .write('docs/guide.md', '# Guide\n\n## Setup\n\nInstall it.\n\n## Usage\n\nUse it.\n')
    .write('openapi.yaml', SPEC(true));
  shas.initial = repo.commit({ message: 'Start the guide and the API', date: '2025-01-01T10:00:00Z' });
  repo.write('docs/guide.md', '# Guide\n\n## Setup\n\nInstall it with the installer, then log in.\n\n## Usage\n\nUse it.\n');
  shas.setup = repo.commit({ message: 'OPS-7: explain the setup (#3)', author: CAROL, date: '2025-01-02T10:00:00Z' });
  repo.write('openapi.yaml', SPEC(false));
  shas.removal = repo.commit({ message: 'Remove getPet (#4)', author: DAN, date: '2025-01-03T10:00:00Z' });
  repo.write('docs/guide.md', '# Guide\n\n## Setup\n\nInstall it with the installer, then log in.\n\n## Usage\n\nUse it daily.\n');
  shas.secret = repo.commit({ message: `Usage note (token was ${TOKEN})`, date: '2025-01-04T10:00:00Z' });
  // 52 more landed changes: every feed keeps the newest 50.
  for (let i = 0; i < 52; i++) {
    repo.write('notes/log.md', `# Log\n\nEntry ${i}.\n`);
    repo.commit({ message: `Log entry ${i}`, date: new Date(Date.UTC(2025, 0, 5, 10, i)).toISOString() });
  }
  // The server runs before the build so the wiki's `site` URL can be its address.
  out = join(tempDir('livewiki-feeds-'), 'site');
  server = await serveStatic(out);
  const config = await loadConfig({ cwd: repo.root, out, cache: false, site: `${server.origin}/` });
  result = await build(config);
  wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
}, 300_000);

afterAll(async () => {
  await server?.close();
});

const read = (p: string) => readFileSync(join(out, p), 'utf8');
const firstParent = () => repo.git('rev-list', '--first-parent', 'HEAD').trim().split('\n');

describe('feeds', () => {
  it('are written for the wiki, the repository, each owner and the API spec, in both formats, valid', () => {
    expect(result.published).toBe(true);
    const files = readdirSync(join(out, 'feeds'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(atom|json)$/.test(f)).sort();
    const id = wiki.repos[0]!.id;
    expect(files).toEqual(expect.arrayContaining(['all.atom', 'all.json', `repo/${id}.atom`, `repo/${id}.json`]));
    const atoms = files.filter((f) => f.endsWith('.atom'));
    const jsons = files.filter((f) => f.endsWith('.json'));
    // all, repo, two owners, one spec.
    expect(atoms).toHaveLength(5);
    expect(jsons).toHaveLength(5);
    expect(atoms.filter((f) => f.startsWith('owner/'))).toHaveLength(2);
    expect(atoms.filter((f) => f.startsWith('api/'))).toHaveLength(1);
    for (const f of atoms) checkAtom(read(`feeds/${f}`));
    for (const f of jsons) {
      const feed = JSON.parse(read(`feeds/${f}`)) as unknown;
      expect(validJsonFeed(feed), `${f}: ${ajv.errorsText(validJsonFeed.errors)}`).toBe(true);
    }
  });

  it('have one entry per landed change, newest first, bounded to 50, the same in Atom and JSON Feed', () => {
    const feed = checkAtom(read('feeds/all.atom'));
    const entries = kids(feed, 'entry');
    expect(entries).toHaveLength(50);
    // No build clock: the feed's date is the newest entry's landed date, as git recorded it.
    expect(new Date(kids(feed, 'updated')[0]!.text).getTime()).toBe(new Date(repo.git('show', '-s', '--format=%cI', 'HEAD').trim()).getTime());
    // Every commit on the first-parent chain changed a page here: the newest 50 of git's list.
    const expected = firstParent().slice(0, 50);
    expect(entries.map((e) => kids(e, 'id')[0]!.text.split('/').at(-1))).toEqual(expected);
    const json = JSON.parse(read('feeds/all.json')) as { items: { id: string; _livewiki: { commit: string } }[] };
    expect(json.items.map((i) => i._livewiki.commit)).toEqual(expected);
    expect(json.items.map((i) => i.id)).toEqual(entries.map((e) => kids(e, 'id')[0]!.text));
  });

  it('name the pull request, ticket, authors and the sections a change made, and mark breaking API changes', () => {
    const json = JSON.parse(read('feeds/all.json')) as { items: { title: string; url: string; content_html: string; authors: { name: string }[]; tags: string[]; _livewiki: { commit: string; pulls: number[]; tickets: string[]; sections: string[]; breaking: boolean } }[] };
    const base = `${server.origin}/`;
    const id = wiki.repos[0]!.id;
    const all = (await_: string) => json.items.find((i) => i._livewiki.commit === await_);
    // Older than the newest 50 in the wiki-wide feed: look in the owner and API feeds instead.
    const docs = JSON.parse(read(`feeds/${readdirSync(join(out, 'feeds/owner')).find((f) => f.startsWith('acme-docs') && f.endsWith('.json'))!.replace(/^/, 'owner/')}`)) as typeof json;
    const api = JSON.parse(read(`feeds/api/${readdirSync(join(out, 'feeds/api'), { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('.json'))!}`)) as typeof json;
    expect(all(shas.setup!)).toBeUndefined();
    const setup = docs.items.find((i) => i._livewiki.commit === shas.setup)!;
    expect(setup._livewiki.pulls).toEqual([3]);
    expect(setup._livewiki.tickets).toEqual(['OPS-7']);
    expect(setup.authors).toEqual([{ name: 'Carol Writer' }]);
    expect(setup.url).toBe(`${base}${id}/docs/guide/#setup`);
    expect(setup._livewiki.sections).toEqual([`${base}${id}/docs/guide/#setup`]);
    expect(setup.content_html).toContain('https://github.com/acme/pets/pull/3');
    expect(setup.content_html).toContain('OPS-7');
    // The owner feeds split by CODEOWNERS: the API change is not in the docs team's feed.
    expect(docs.items.some((i) => i._livewiki.commit === shas.removal)).toBe(false);
    const removal = api.items.find((i) => i._livewiki.commit === shas.removal)!;
    expect(removal._livewiki.breaking).toBe(true);
    expect(removal.title).toBe('[breaking] Remove getPet (#4)');
    expect(removal.tags).toContain('breaking');
    expect(removal.content_html).toContain('GET /pets/{id}');
    expect(api.items.some((i) => i._livewiki.commit === shas.setup)).toBe(false);
    // The API feed has the spec's changes only: the initial commit and the removal.
    expect(api.items.map((i) => i._livewiki.commit)).toEqual([shas.removal, shas.initial]);
  });

  it('carry no secret: a token in a commit subject is redacted in every feed', () => {
    const files = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(atom|json|xml)$/.test(f) && statSync(join(out, f)).isFile());
    for (const f of files) expect(read(f), f).not.toContain(TOKEN);
    const docs = readdirSync(join(out, 'feeds/owner')).find((f) => f.startsWith('acme-docs') && f.endsWith('.atom'))!;
    expect(read(`feeds/owner/${docs}`)).toContain('Usage note (token was ');
  });

  it('are announced in pages by <link rel="alternate"> (autodiscovery)', () => {
    const id = wiki.repos[0]!.id;
    const html = read(`${id}/docs/guide/index.html`);
    // Hrefs are relative to the page (the site works under any path): resolved against its route.
    const links = [...html.matchAll(/<link rel="alternate" type="([^"]+)" title="([^"]*)" href="([^"]+)"/g)].map((m) => [m[1], new URL(m[3]!, `https://wiki.example/${id}/docs/guide/`).pathname]);
    expect(links).toContainEqual(['application/atom+xml', '/feeds/all.atom']);
    expect(links).toContainEqual(['application/feed+json', '/feeds/all.json']);
    expect(links).toContainEqual(['application/atom+xml', `/feeds/repo/${id}.atom`]);
    expect(links.some(([, h]) => h!.startsWith('/feeds/owner/acme-docs'))).toBe(true);
  });

  it('resolve without a site URL: links relative to the feed file reach the same pages under any path', () => {
    const e: FeedEntry = { repo: 'r', sha: 'a'.repeat(40), commitUrl: null, committedAt: '2025-01-01T00:00:00+00:00', authoredAt: '2025-01-01T00:00:00+00:00', subject: 's', refs: { pulls: [], issues: [], tickets: [] }, authors: [{ name: 'A' }], route: '/r/docs/x/#sec', pages: [], sections: [], api: [], breaking: false, order: 0 };
    const meta = { path: 'feeds/repo/r', title: 't', description: 'd', home: '/r/', fallbackUpdated: '2025-01-01T00:00:00Z' };
    const text = atom(meta, [e], { base: null, generator: { name: 'livewiki', version: '0' } });
    const href = /<link rel="alternate" type="text\/html" href="([^"]+)"\/>\n {4}<category/.exec(text)![1]!;
    for (const served of ['https://h.example/', 'https://h.example/team/wiki/']) expect(new URL(href, `${served}feeds/repo/r.atom`).href).toBe(`${served}r/docs/x/#sec`);
    expect(urlOf('/r/', 'sitemap.xml', { base: null, generator: { name: '', version: '' } })).toBe('r/');
    const json = JSON.parse(jsonFeed(meta, [e], { base: null, generator: { name: '', version: '' } })) as { items: { url: string }[] };
    expect(validJsonFeed(json)).toBe(true);
    expect(new URL(json.items[0]!.url, 'https://h.example/team/wiki/feeds/repo/r.json').href).toBe('https://h.example/team/wiki/r/docs/x/#sec');
  });
});

describe('sitemap.xml', () => {
  it('lists every page once with its last change as lastmod, valid for the sitemap package', async () => {
    const text = read('sitemap.xml');
    parseXml(text); // well-formed
    const items = await parseSitemap(Readable.from([text]));
    for (const item of items) validateSMIOptions(item, ErrorLevel.THROW);
    const base = `${server.origin}/`;
    expect(items.map((i) => i.url).sort()).toEqual(wiki.pages.map((p) => new URL(p.route.slice(1), base).href).sort());
    const id = wiki.repos[0]!.id;
    const guide = items.find((i) => i.url === `${base}${id}/docs/guide/`)!;
    // git's own answer for the guide's last change.
    const truth = repo.git('log', '-1', '--first-parent', '--format=%cI', '--', 'docs/guide.md').trim();
    expect(new Date(guide.lastmod!).getTime()).toBe(new Date(truth).getTime());
  });
});

describe('in a browser', () => {
  let browser: TestBrowser;
  beforeAll(async () => {
    if (!BROWSER_MISSING) browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a reader finds the feed from a page, and its entry leads to the section that changed', async (ctx) => {
    needsBrowser(ctx);
    const id = wiki.repos[0]!.id;
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/${id}/docs/guide/`);
    const feedUrl = await page.evaluate(() => new URL(document.querySelector<HTMLLinkElement>('link[rel="alternate"][type="application/atom+xml"][href*="/owner/acme-docs"]')!.href, location.href).href);
    // Chromium's XML parser reads the feed; the entry of the setup change links to its section.
    const link = await page.evaluate(
      async ({ url, sha }) => {
        const xml = new DOMParser().parseFromString(await (await fetch(url)).text(), 'application/xml');
        if (xml.querySelector('parsererror')) return 'parse error';
        const entry = [...xml.getElementsByTagName('entry')].find((e) => e.getElementsByTagName('id')[0]!.textContent!.endsWith(sha))!;
        const alt = [...entry.getElementsByTagName('link')].find((l) => l.getAttribute('rel') === 'alternate')!;
        return new URL(alt.getAttribute('href')!, url).href;
      },
      { url: feedUrl, sha: shas.setup! },
    );
    expect(link).toBe(`${server.origin}/${id}/docs/guide/#setup`);
    await page.close();
    // A reader opening the entry (a new tab, as from a feed reader).
    const reader = await browser.context.newPage();
    const response = await reader.goto(link);
    expect(response?.status()).toBe(200);
    const target = await reader.evaluate(() => {
      const el = document.querySelector(':target');
      return el ? { id: el.id, text: el.textContent ?? '' } : null;
    });
    expect(target?.id).toBe('setup');
    expect(target?.text).toContain('Setup');
    await reader.close();
  });
});
