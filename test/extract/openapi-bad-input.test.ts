// Hostile and broken specs: each gives a clear, located diagnostic, nothing outside the repository
// is read or fetched, and other specs are unaffected.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fillBody } from '../../src/render/body.ts';
import { discoverOpenApi, extractOpenApi } from '../../src/extract/openapi/index.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { ExtractedPage } from '../../src/model/extracted.ts';
import { createTemplateEnv } from '../../src/render/handlebars.ts';
import { memoryFiles } from './openapi-helpers.ts';

const templates = createTemplateEnv();
const html = (pages: ExtractedPage[]) => pages.map((p) => fillBody(p.body, () => '')).join('\n');

function spec(extra: string): string {
  return `openapi: 3.1.0\ninfo:\n  title: T\n  version: "1"\npaths:\n  /pets:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Pet'\ncomponents:\n  schemas:\n${extra}`;
}

async function run(files: Record<string, string>, root: string, allowedRefHosts?: string[]) {
  const source = memoryFiles(files);
  const diagnostics = new Diagnostics();
  const pages = await extractOpenApi({ files: source, root, templates, diagnostics, ...(allowedRefHosts ? { allowedRefHosts } : {}) });
  return { pages, diagnostics, reads: source.reads };
}

describe('OpenAPI bad input', () => {
  it('reports unparsable YAML with its line, and the other spec of the repository still builds', async () => {
    const files = memoryFiles({
      'bad/openapi.yaml': 'openapi: 3.1.0\ninfo:\n  title: [unclosed\n  version: 1\npaths: {}\n',
      'good/openapi.yaml': spec('    Pet:\n      type: object\n'),
    });
    const diagnostics = new Diagnostics();
    const roots = discoverOpenApi(files, [], diagnostics);
    expect(roots).toEqual(['bad/openapi.yaml', 'good/openapi.yaml']);
    // Each description has its own collector, as in the extract stage.
    const bad = await extractOpenApi({ files, root: 'bad/openapi.yaml', templates, diagnostics });
    const goodDiagnostics = new Diagnostics();
    const good = await extractOpenApi({ files, root: 'good/openapi.yaml', templates, diagnostics: goodDiagnostics });
    expect(bad).toEqual([]);
    expect(goodDiagnostics.items).toEqual([]);
    expect(good.every((p) => p.banners === undefined)).toBe(true);
    const e = diagnostics.items.find((d) => d.code === 'E_YAML_PARSE');
    expect(e?.file).toBe('bad/openapi.yaml');
    expect(e?.line).toBeGreaterThanOrEqual(3);
    expect(good.flatMap((p) => p.sections).map((s) => s.key)).toContain('GET /pets');
  });

  it.each(['../../secret.yaml', '/etc/passwd', 'file:///etc/passwd', '..%2F..%2Fsecret.yaml', 'C:\\Windows\\win.ini'])('refuses $ref %s: error naming the ref and its line, nothing read', async (ref) => {
    const root = 'api/openapi.yaml';
    const { pages, diagnostics, reads } = await run({ [root]: spec(`    Pet:\n      $ref: '${ref}'\n`), 'secret.yaml': 'password: hunter2' }, root);
    const e = diagnostics.items.find((d) => d.code === 'E_OPENAPI_REF_OUTSIDE' || d.code === 'E_OPENAPI_REF_EXTERNAL');
    expect(e?.message).toContain(JSON.stringify(ref));
    expect(e?.file).toBe(root);
    expect(e?.line).toBe(18);
    expect(e?.pointer).toBe('/components/schemas/Pet/$ref');
    expect(reads.every((p) => p === root)).toBe(true);
    const body = html(pages);
    expect(body).not.toContain('hunter2');
    expect(body).not.toContain('root:x:0');
    expect(pages[0]!.banners?.some((b) => b.message.includes(JSON.stringify(ref)))).toBe(true);
  });

  it('never fetches a $ref URL: the loopback server receives zero requests, even for an allow-listed host', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end('type: object\nproperties:\n  leaked: {type: string}\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      for (const allowed of [undefined, [`127.0.0.1:${port}`]]) {
        const ref = `http://127.0.0.1:${port}/x`;
        const { pages, diagnostics } = await run({ 'openapi.yaml': spec(`    Pet:\n      $ref: '${ref}'\n`) }, 'openapi.yaml', allowed);
        const e = diagnostics.items.find((d) => d.code === 'E_OPENAPI_REF_EXTERNAL');
        expect(e?.message).toContain(ref);
        expect(e?.line).toBe(18);
        expect(html(pages)).not.toContain('leaked');
      }
      await new Promise((r) => setTimeout(r, 100));
      expect(hits).toBe(0);
    } finally {
      server.close();
    }
  });

  it('renders circular refs (self, A↔B, across files) as links, never expanding them forever', async () => {
    const root = 'openapi.yaml';
    const { pages, diagnostics } = await run(
      {
        [root]: spec(
          "    Pet:\n      type: object\n      properties:\n        parent:\n          $ref: '#/components/schemas/Pet'\n        owner:\n          $ref: '#/components/schemas/A'\n        file:\n          $ref: 'frag/a.yaml'\n    A:\n      properties:\n        b:\n          $ref: '#/components/schemas/B'\n    B:\n      properties:\n        a:\n          $ref: '#/components/schemas/A'\n",
        ),
        'frag/a.yaml': "type: object\nproperties:\n  next:\n    $ref: 'b.yaml'\n",
        'frag/b.yaml': "type: object\nproperties:\n  back:\n    $ref: 'a.yaml'\n",
      },
      root,
    );
    expect(diagnostics.items.filter((d) => d.severity === 'error')).toEqual([]);
    const schemas = pages.find((p) => p.route.endsWith('/schemas/'))!;
    // The two fragment files are schemas of their own (named as Redocly's bundler names them).
    expect(schemas.sections.map((s) => s.key)).toEqual(['A', 'B', 'Pet', 'a', 'b']);
    const body = html([schemas]);
    expect(body).toContain('href="/r/openapi.yaml/schemas/#schema-pet"');
    expect(body).toMatch(/#schema-pet">Pet<\/a><\/span> <span class="lw-api-circular"/);
    expect(body).toContain('href="/r/openapi.yaml/schemas/#schema-b"');
    // a.yaml → b.yaml → a.yaml: each is one section linking to the other.
    const anchorOf = (key: string) => schemas.sections.find((s) => s.key === key)!.anchor;
    expect(body).toContain(`<code class="lw-api-name">next</code> <span class="lw-api-type"><a class="lw-api-schema-ref" href="/r/openapi.yaml/schemas/#${anchorOf('b')}">b</a>`);
    expect(body).toContain(`<code class="lw-api-name">back</code> <span class="lw-api-type"><a class="lw-api-schema-ref" href="/r/openapi.yaml/schemas/#${anchorOf('a')}">a</a>`);
    // The Pet section's provenance covers the fragment files it uses.
    expect(schemas.sections.find((s) => s.key === 'Pet')!.sources.map((s) => s.path)).toEqual([root, 'frag/a.yaml', 'frag/b.yaml']);
  });

  it('caps a $ref fan-out bomb instead of expanding it exponentially', async () => {
    const files: Record<string, string> = {};
    for (let level = 0; level < 8; level++) {
      const next = level === 7 ? "{type: string}" : null;
      files[`f/l${level}.yaml`] = next ?? `type: object\nproperties:\n${Array.from({ length: 10 }, (_, i) => `  p${i}:\n    $ref: 'l${level + 1}.yaml'\n`).join('')}`;
    }
    files['f/l7.yaml'] = 'type: string\n';
    files['openapi.yaml'] = spec('    Pet:\n      type: object\n') + '    Bomb:\n      $ref: "f/l0.yaml"\n';
    const started = performance.now();
    const { pages, diagnostics } = await run(files, 'openapi.yaml');
    expect(performance.now() - started).toBeLessThan(3000);
    // Bomb is level 0; each further level is one schema of its own that links to the next, never 10^7 copies.
    const sections = pages.flatMap((p) => p.sections);
    for (const key of ['Bomb', 'l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7']) expect(sections.filter((s) => s.key === key)).toHaveLength(1);
    expect(diagnostics.items.filter((d) => d.severity === 'error')).toEqual([]);
    expect(html(pages).length).toBeLessThan(2_000_000);
  });

  it('rejects a YAML alias bomb in under a second (E_YAML_ALIASES) but reads many small aliases', async () => {
    const bomb = ['openapi: 3.1.0', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const started = performance.now();
    const { pages, diagnostics } = await run({ 'openapi.yaml': bomb.join('\n') }, 'openapi.yaml');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(pages).toEqual([]);
    expect(diagnostics.items.map((d) => d.code)).toContain('E_YAML_ALIASES');

    // Generated specs repeat one small anchor many times (langfuse.yml: 155 aliases of `*ref_0`).
    const many = ['openapi: 3.1.0', 'info: {title: T, version: "1"}', 'paths:', '  /p0:', '    get:', '      security: &sec', '        - key: []', '      responses: {"200": {description: ok}}'];
    for (let i = 1; i <= 120; i++) many.push(`  /p${i}:`, '    get:', '      security: *sec', '      responses: {"200": {description: ok}}');
    const ok = await run({ 'openapi.yaml': many.join('\n') }, 'openapi.yaml');
    expect(ok.pages.flatMap((p) => p.sections).filter((s) => s.kind === 'operation')).toHaveLength(121);
    expect(ok.diagnostics.items.map((d) => d.code)).not.toContain('E_YAML_ALIASES');
  });

  it('rejects an alias bomb whose anchors are redefined (RELIABILITY D4) in under a second', async () => {
    // The reproduction of reliability-round2.md D4 at 8 levels (1.2 KB; 47.6 s before the fix):
    // a small first definition of each anchor name hides the real, later one.
    const n = 8;
    const a = 'abcdefghijklmnop'.slice(0, n + 1).split('');
    const lines = ['openapi: 3.1.0', 'info: {title: T, version: "1"}', 'paths: {}', 'components:', '  schemas:'];
    for (const x of a) lines.push(`    pre_${x}: &${x} {type: string}`, `    use_${x}: {type: string, example: *${x}}`);
    lines.push(`    L0: &${a[0]} {type: array, example: [lol,lol,lol,lol,lol,lol,lol,lol,lol]}`);
    for (let i = 1; i <= n; i++) lines.push(`    L${i}: &${a[i]} {type: array, example: [${Array(9).fill(`*${a[i - 1]}`).join(',')}]}`);
    const text = `${lines.join('\n')}\n`;
    expect(text.length).toBeLessThan(1300);
    const started = performance.now();
    const { pages, diagnostics } = await run({ 'openapi.yaml': text }, 'openapi.yaml');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(pages).toEqual([]);
    expect(diagnostics.items.find((d) => d.code === 'E_YAML_ALIASES')?.file).toBe('openapi.yaml');
  });

  it('refuses a 20 MB spec with a size-cap diagnostic, after discovering it by its first bytes', async () => {
    const big = `openapi: 3.1.0\ninfo: {title: Big, version: "1"}\npaths:\n${'  # padding padding padding padding padding padding padding padding padding\n'.repeat(290_000)}`;
    expect(big.length).toBeGreaterThan(20 * 1024 * 1024);
    const files = memoryFiles({ 'big.yaml': big });
    const diagnostics = new Diagnostics();
    expect(discoverOpenApi(files, [], diagnostics)).toEqual(['big.yaml']);
    const pages = await extractOpenApi({ files, root: 'big.yaml', templates, diagnostics });
    expect(pages).toEqual([]);
    expect(diagnostics.items.find((d) => d.code === 'E_OPENAPI_TOO_LARGE')?.file).toBe('big.yaml');
  });

  it('survives 5,000-deep nesting (RangeError) with a located error', async () => {
    const deep = `openapi: 3.1.0\ninfo: {title: T, version: "1"}\nx-deep: ${'['.repeat(5000)}${']'.repeat(5000)}\npaths: {}\n`;
    const { diagnostics } = await run({ 'openapi.yaml': deep }, 'openapi.yaml');
    expect(diagnostics.items.some((d) => d.file === 'openapi.yaml' && d.severity === 'error')).toBe(true);
  });

  it('escapes or drops script, event handlers and javascript: URLs from every spec string (O8)', async () => {
    const x = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const doc = {
      openapi: '3.1.0',
      info: { title: x, version: '1', description: `Hi ${x} [click](javascript:alert(3)) [ok](https://example.com)`, contact: { url: 'javascript:alert(4)', email: '"><script>' }, license: { name: x, url: 'javascript:alert(5)' } },
      servers: [{ url: `https://x/"><script>alert(6)</script>`, description: x }],
      externalDocs: { url: 'javascript:alert(7)', description: x },
      tags: [{ name: 'pets', description: x }],
      paths: {
        '/pets/<script>': {
          get: {
            tags: ['pets'],
            summary: x,
            description: `**bold** ${x}\n\n<a href="javascript:alert(8)">x</a>`,
            externalDocs: { url: 'jav&#x09;ascript:alert(9)' },
            parameters: [{ name: x, in: 'query', description: x, schema: { type: 'string', enum: [x], example: x } }],
            responses: { '200': { description: x, content: { 'text/html': { example: x } } } },
          },
        },
      },
    };
    const { pages } = await run({ 'openapi.json': JSON.stringify(doc) }, 'openapi.json');
    // Titles/descriptions are plain text the page chrome escapes; the body is HTML and must be safe.
    const body = html(pages);
    expect(body).not.toMatch(/<script/i);
    expect(body).not.toMatch(/<img/i);
    expect(body).not.toMatch(/href="\s*jav/i);
    expect(body).toContain('&lt;script&gt;');
    expect(body).toContain('<strong>bold</strong>');
    expect(body).toContain('href="https://example.com"');
  });
});

describe('OpenAPI identities and line ranges', () => {
  const yaml = [
    'openapi: 3.0.3', //  1
    'info:', //  2
    '  title: Pets', //  3
    '  version: "1"', //  4
    'paths:', //  5
    '  /pets/{petId}:', //  6
    '    get:', //  7
    '      operationId: showPetById', //  8
    '      responses:', //  9
    '        "200":', // 10
    '          description: ok', // 11
    '          content:', // 12
    '            application/json:', // 13
    '              schema:', // 14
    "                $ref: '#/components/schemas/Pet'", // 15
    '  /pets/petId:', // 16
    '    get:', // 17
    '      responses: {"200": {description: ok}}', // 18
    'components:', // 19
    '  schemas:', // 20
    '    Pet:', // 21
    '      type: object', // 22
    '      properties:', // 23
    '        id: {type: integer}', // 24
    '', // 25
    '    Error:', // 26
    '      type: string', // 27
    '',
  ].join('\n');

  it('gives operations and schemas the exact lines they span, in YAML and in JSON', async () => {
    const { pages } = await run({ 'pets.yaml': yaml }, 'pets.yaml');
    const sections = pages.flatMap((p) => p.sections);
    const get = sections.find((s) => s.key === 'GET /pets/{petId}')!;
    expect(get.sources[0]).toEqual({ repo: 'r', path: 'pets.yaml', lines: [7, 15], pointer: '/paths/~1pets~1{petId}/get' });
    expect(sections.find((s) => s.key === 'Pet')!.sources).toEqual([{ repo: 'r', path: 'pets.yaml', lines: [21, 24], pointer: '/components/schemas/Pet' }]);

    const json = JSON.stringify({ openapi: '3.0.3', info: { title: 'P', version: '1' }, paths: { '/a': { get: { responses: { '200': { description: 'ok' } } } } } }, null, 2);
    const j = await run({ 'a.json': json }, 'a.json');
    // Lines 9–15 of the pretty-printed JSON hold `"get": { … }`.
    expect(j.pages.flatMap((p) => p.sections).find((s) => s.key === 'GET /a')!.sources[0]!.lines).toEqual([9, 15]);
  });

  it('derives anchors from METHOD /path, keeps operationId as an alias, hashes colliding slugs', async () => {
    const { pages } = await run({ 'pets.yaml': yaml }, 'pets.yaml');
    const sections = pages.flatMap((p) => p.sections);
    const a = sections.find((s) => s.key === 'GET /pets/{petId}')!;
    const b = sections.find((s) => s.key === 'GET /pets/petId')!;
    expect(a.anchor).toMatch(/^op-get-pets-petid-[0-9a-f]{6}$/);
    expect(b.anchor).toMatch(/^op-get-pets-petid-[0-9a-f]{6}$/);
    expect(a.anchor).not.toBe(b.anchor);
    expect(a.aliases).toEqual(['showPetById']);
    expect(sections.find((s) => s.key === 'Pet')!.anchor).toBe('schema-pet');
    const tagPage = pages.find((p) => p.sections.includes(a))!;
    // Untagged operations are grouped by their first path segment.
    expect(tagPage.id).toBe('r/openapi/pets.yaml/paths/pets');
    expect(tagPage.route).toBe('/r/pets.yaml/paths/pets/');
    expect(tagPage.title).toBe('Pets');
    expect(html([tagPage])).toContain('<span id="showPetById"></span><h3 id="' + a.anchor + '"');
    const single = await run({ 'p.yaml': yaml.replace("  /pets/petId:\n    get:\n      responses: {\"200\": {description: ok}}\n", '') }, 'p.yaml');
    expect(single.pages.flatMap((p) => p.sections).find((s) => s.key === 'GET /pets/{petId}')!.anchor).toBe('op-get-pets-petid');
  });
});
