// Specs read as their authors' tools read them (issue 13): a `$ref` is followed wherever it stands,
// in Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2; operations in files of their own are whole on their
// pages, under their tag; problems point at the file and line where they are written; nothing
// outside the repository is read.

import { beforeAll, describe, expect, it } from 'vitest';
import { discoverOpenApi, extractOpenApi } from '../../src/extract/openapi/index.ts';
import { resolveSpec } from '../../src/extract/openapi/resolve-spec.ts';
import { originOf } from '../../src/extract/openapi/source-map.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { ExtractedPage } from '../../src/model/extracted.ts';
import { fillBody } from '../../src/render/body.ts';
import { createTemplateEnv } from '../../src/render/handlebars.ts';
import { memoryFiles } from './openapi-helpers.ts';
import { chainFixture, cycleFixture, levelsFixture, outsideFixture, versionFixture, VERSIONS, type Fixture } from './openapi-multifile.ts';

const templates = createTemplateEnv();
const body = (page: ExtractedPage) => fillBody(page.body, (a) => `<span data-badge="${a}"></span>`);

async function extract(fixture: Fixture) {
  const files = memoryFiles(fixture.files);
  const diagnostics = new Diagnostics();
  const pages = await extractOpenApi({ files, root: fixture.root, templates, diagnostics });
  return { pages, diagnostics: diagnostics.items, reads: files.reads };
}

/** The HTML of one section: from its heading's <section> to the next. */
function sectionHtml(page: ExtractedPage, anchor: string): string {
  const html = body(page);
  const at = html.indexOf(`id="${anchor}"`);
  expect(at, anchor).toBeGreaterThan(-1);
  const start = html.lastIndexOf('<section', at);
  return html.slice(start, html.indexOf('</section>', at));
}

function checkOperations(fixture: Fixture, pages: ExtractedPage[]): void {
  for (const op of fixture.operations) {
    const page = pages.find((p) => p.sections.some((s) => s.key === op.key));
    expect(page, op.key).toBeDefined();
    expect(page!.route, op.key).toMatch(new RegExp(`/${op.group}/$`));
    const section = page!.sections.find((s) => s.key === op.key)!;
    const html = sectionHtml(page!, section.anchor);
    expect(html, op.key).toContain(op.summary);
    for (const text of op.shows) expect(html, `${op.key}: ${text}`).toContain(text.replace(/&/g, '&amp;'));
    // Its sources: its own file first, then what brought it in.
    expect(section.sources[0]!.path, op.key).toBe(op.file);
    for (const via of op.via) expect(section.sources.map((s) => s.path), `${op.key} via ${via}`).toContain(via);
    const fromRoot = section.sources.find((s) => s.path === fixture.root)!;
    expect(fromRoot.lines?.[0], `${op.key}: the root lines that refer to it`).toBeGreaterThan(0);
  }
}

describe.each(VERSIONS)('a %s spec whose parts live in files of their own', (version) => {
  const fixture = versionFixture(version);
  let pages: ExtractedPage[];
  let diagnostics: Diagnostics['items'];
  let reads: string[];
  beforeAll(async () => {
    ({ pages, diagnostics, reads } = await extract(fixture));
  });

  it('has no problem (Redocly accepts it too)', () => {
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('shows every operation whole (summary, parameters, body, responses, headers, links, callbacks, examples) on the page of its first tag or path segment', () => {
    checkOperations(fixture, pages);
  });

  it('groups the untagged operation by its first meaningful path segment under a readable title', () => {
    const page = pages.find((p) => p.route.endsWith('/paths/gadgets/'))!;
    expect(page.title).toBe('Gadgets');
    expect(pages.some((p) => /\/tags\/default\//.test(p.route))).toBe(false);
  });

  it('resolves refs inside referenced files relative to the file holding them, and descriptions given by $ref', () => {
    const widget = pages.flatMap((p) => p.sections).find((s) => s.key === 'Widget')!;
    // The schema's own file, then its entry in the root.
    expect(widget.sources.map((s) => s.path)).toEqual([`${fixture.root.replace('openapi.yaml', 'schemas/widget.yaml')}`, fixture.root, fixture.root.replace('openapi.yaml', 'schemas/owner.yaml')]);
    const overview = body(pages[0]!);
    expect(overview).toContain('The widget API, in files of its own.');
  });

  it('lists every file of the spec on the overview page and reads nothing else', () => {
    const files = Object.keys(fixture.files).sort();
    expect(pages[0]!.sources.map((s) => s.path).sort()).toEqual(files);
    for (const f of files) expect(body(pages[0]!)).toContain(`<code>${f}</code>`);
    expect(new Set(reads)).toEqual(new Set(files));
  });

  it.runIf(version === '3.1' || version === '3.2')('puts webhooks in files of their own on the webhooks page', () => {
    const page = pages.find((p) => p.route.endsWith('/webhooks/'))!;
    const section = page.sections.find((s) => s.key === 'POST webhook:widgetCreated')!;
    expect(sectionHtml(page, section.anchor)).toContain('A widget was created');
    expect(section.sources[0]!.path).toBe(fixture.root.replace('openapi.yaml', 'webhooks/widget-created.yaml'));
  });
});

describe('specs spread over folders and chains', () => {
  it('follows refs over three folder levels, each relative to the file that holds it', async () => {
    const fixture = levelsFixture();
    const { pages, diagnostics } = await extract(fixture);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    checkOperations(fixture, pages);
    // The model two folders down, and the person it refers to three levels up from there.
    const names = pages.flatMap((p) => p.sections).filter((s) => s.kind === 'schema').map((s) => s.key);
    expect(names).toEqual(['person', 'report']);
  });

  it('follows a chain of refs across four files and lists every hop as a source', async () => {
    const fixture = chainFixture();
    const { pages, diagnostics } = await extract(fixture);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    checkOperations(fixture, pages);
  });

  it('reports a path item that refers to itself where the cycle closes, and shows the rest, recursive schemas included', async () => {
    const fixture = cycleFixture();
    const { pages, diagnostics } = await extract(fixture);
    const cycle = diagnostics.filter((d) => d.code === 'E_OPENAPI_REF_CYCLE');
    expect(cycle).toHaveLength(1);
    expect(cycle[0]!.file).toMatch(/^cycle\/loop\/[ab]\.yaml$/);
    expect(cycle[0]!.line).toBe(1);
    expect(cycle[0]!.pointer).toBe('/$ref');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual(cycle);
    checkOperations(fixture, pages);
    const tree = pages.flatMap((p) => p.sections).find((s) => s.key === 'tree')!;
    const page = pages.find((p) => p.sections.includes(tree))!;
    expect(sectionHtml(page, tree.anchor)).toContain('↻ recursive');
  });

  it('refuses refs that leave the repository with a located error, reads nothing outside, and builds the rest', async () => {
    const fixture = outsideFixture();
    const { pages, diagnostics, reads } = await extract(fixture);
    for (const [i, ref] of fixture.refused.entries()) {
      const d = diagnostics.find((x) => x.message.includes(JSON.stringify(ref)))!;
      expect(d.code, ref).toBe(i === 2 ? 'E_OPENAPI_REF_EXTERNAL' : 'E_OPENAPI_REF_OUTSIDE');
      expect(d.file).toBe(fixture.root);
      expect(d.line).toBe([8, 10, 13][i]);
      expect(d.hint).toBeTruthy();
    }
    expect(new Set(reads)).toEqual(new Set(Object.keys(fixture.files)));
    checkOperations(fixture, pages);
    // No "must have required property" noise for the refs that could not be followed.
    expect(diagnostics.filter((d) => d.code === 'E_OPENAPI_INVALID')).toEqual([]);
  });

  it('stops a $ref fan-out outside schemas at its budget with one located error', async () => {
    const files: Record<string, string> = { 'openapi.yaml': "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\nx-data:\n  $ref: 'f/l0.yaml'\n" };
    for (let level = 0; level < 7; level++) files[`f/l${level}.yaml`] = `${Array.from({ length: 10 }, () => `- $ref: 'l${level + 1}.yaml'`).join('\n')}\n`;
    files['f/l7.yaml'] = 'leaf: true\n';
    const started = performance.now();
    const { pages, diagnostics } = await extract({ root: 'openapi.yaml', files, operations: [] });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(diagnostics.filter((d) => d.code === 'E_OPENAPI_REF_BUDGET')).toHaveLength(1);
    expect(pages.length).toBeGreaterThan(0);
  });
});

describe('everything an operation says', () => {
  it('shows deprecation, security, a servers override, external docs, code samples, path-item parameters overridden by the operation, and examples', async () => {
    const files = {
      'openapi.yaml': [
        'openapi: 3.1.0',
        "info: {title: T, version: '1'}",
        'security: [{apiKey: []}]',
        'paths:',
        '  /things/{id}:',
        '    servers: [{url: https://path-level.example.com}]',
        '    parameters:',
        '      - {name: id, in: path, required: true, description: From the path item., schema: {type: string}}',
        '      - {name: trace, in: header, description: Overridden below., schema: {type: string}}',
        '    delete:',
        "      $ref: 'ops/delete.yaml'",
        'components:',
        '  securitySchemes:',
        '    apiKey: {type: apiKey, in: header, name: X-Key}',
        '    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: https://auth.example.com/token, scopes: {things.write: Write things}}}}',
        '',
      ].join('\n'),
      'ops/delete.yaml': [
        'summary: Delete a thing',
        'description: Gone for **good**.',
        'deprecated: true',
        'security: [{oauth: [things.write]}]',
        'servers: [{url: https://op-level.example.com, description: the deletion host}]',
        'externalDocs: {url: https://docs.example.com/delete, description: How deletion works}',
        'parameters:',
        '  - {name: trace, in: header, description: The operation says this., schema: {type: string, pattern: "^[a-f0-9]+$"}}',
        'responses:',
        "  '204': {description: Deleted.}",
        "  '409':",
        '    description: Still in use.',
        '    content:',
        '      application/json:',
        '        schema: {type: object, properties: {usedBy: {type: array, items: {type: string}}}}',
        '        example: {usedBy: [order-17]}',
        'x-codeSamples:',
        '  - {lang: Shell, source: "curl -X DELETE https://op-level.example.com/things/1"}',
        '',
      ].join('\n'),
    };
    const { pages, diagnostics } = await extract({ root: 'openapi.yaml', files, operations: [] });
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const page = pages.find((p) => p.sections.some((s) => s.key === 'DELETE /things/{id}'))!;
    const html = sectionHtml(page, page.sections[0]!.anchor);
    for (const text of ['Delete a thing', '<strong>good</strong>', 'Deprecated', 'oauth (things.write)', 'https://op-level.example.com', 'the deletion host', 'How deletion works', 'From the path item.', 'The operation says this.', 'pattern ^[a-f0-9]+$', '204', 'Deleted.', '409', 'usedBy', 'order-17', 'curl -X DELETE']) expect(html, text).toContain(text);
    expect(html).not.toContain('Overridden below.');
    expect(html).not.toContain('path-level.example.com');
    expect(html).toContain('lw-api-op-deprecated');
  });
});

describe('webhooks', () => {
  it('splits many webhooks like a large group: an index page and a page per webhook, each webhook once', async () => {
    const lines = ['openapi: 3.1.0', "info: {title: T, version: '1'}", 'webhooks:'];
    for (let i = 0; i < 60; i++) lines.push(`  event${i}:`, '    post:', `      summary: Event ${i} happened`, '      responses:', "        '200': {description: ok}");
    const { pages, diagnostics } = await extract({ root: 'openapi.yaml', files: { 'openapi.yaml': `${lines.join('\n')}\n` }, operations: [] });
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const hooks = pages.filter((p) => p.route.includes('/webhooks/'));
    expect(hooks.length).toBe(61);
    const index = hooks.find((p) => p.route.endsWith('/openapi.yaml/webhooks/'))!;
    expect(index.sections).toEqual([]);
    expect(body(index)).toContain('Event 59 happened');
    const keys = hooks.flatMap((p) => p.sections.map((s) => s.key));
    expect(keys).toHaveLength(60);
    expect(new Set(keys).size).toBe(60);
  });
});

describe('what is and is not read', () => {
  it('does not take a tool config with an `openapi:` section (redocly.yaml) for a spec', () => {
    const files = memoryFiles({
      'redocly.yaml': 'apis:\n  main:\n    root: openapi/openapi.yaml\nopenapi:\n  codeSamples:\n    languages:\n      - lang: curl\n',
      'openapi/openapi.yaml': "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n",
    });
    expect(discoverOpenApi(files, [], new Diagnostics())).toEqual(['openapi/openapi.yaml']);
  });

  it('warns (Redocly would inline it as text) where a $ref names a tracked file that is not YAML or JSON', async () => {
    const files = {
      'openapi.yaml': "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      summary: A\n      x-codeSamples:\n        - lang: PHP\n          source:\n            $ref: 'samples/a.php'\n      responses:\n        '200': {description: ok}\n",
      'samples/a.php': '<?php echo 1;',
    };
    const source = memoryFiles(files);
    const diagnostics = new Diagnostics();
    // The pipeline gives extractors YAML and JSON files only: a PHP file reads as null although it is tracked.
    const pages = await extractOpenApi({ files: { ...source, read: (p) => (p.endsWith('.php') ? null : source.read(p)) }, root: 'openapi.yaml', templates, diagnostics });
    expect(diagnostics.items).toMatchObject([{ code: 'W_OPENAPI_REF_NOT_READ', severity: 'warning', file: 'openapi.yaml', line: 10 }]);
    expect(pages.flatMap((p) => p.sections).map((s) => s.key)).toContain('GET /a');
  });
});

describe('validation after resolution', () => {
  it('points a problem in a referenced file at that file and line, once however often the file is used', async () => {
    const files = {
      'api/openapi.yaml': "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n  /a:\n    get:\n      $ref: 'ops/a.yaml'\n  /b:\n    get:\n      $ref: 'ops/b.yaml'\n",
      'api/ops/a.yaml': "summary: A\nresponses:\n  '404':\n    $ref: '../shared/missing.yaml'\n",
      'api/ops/b.yaml': "summary: B\nresponses:\n  '404':\n    $ref: '../shared/missing.yaml'\n",
      'api/shared/missing.yaml': 'content:\n  application/json:\n    schema:\n      type: object\n',
    };
    const { diagnostics } = await extract({ root: 'api/openapi.yaml', files, operations: [] });
    const invalid = diagnostics.filter((d) => d.code === 'E_OPENAPI_INVALID');
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toMatchObject({ file: 'api/shared/missing.yaml', line: 1, pointer: '' });
    expect(invalid[0]!.message).toContain("required property 'description'");
    expect(invalid[0]!.hint).toContain('description');
  });

  it('checks an operation in a file of its own as an operation: a missing responses is reported in that file', async () => {
    const files = {
      'openapi.yaml': "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n  /a:\n    get:\n      $ref: 'ops/a.yaml'\n",
      'ops/a.yaml': 'summary: A\ndescription: No responses here.\n',
    };
    const { diagnostics } = await extract({ root: 'openapi.yaml', files, operations: [] });
    const invalid = diagnostics.filter((d) => d.code === 'E_OPENAPI_INVALID');
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toMatchObject({ file: 'ops/a.yaml', line: 1 });
    expect(invalid[0]!.message).toContain("required property 'responses'");
  });
});

describe('resolveSpec: the resolved document as plain data', () => {
  it('gives one document with every ref resolved, refs to named schemas kept, and where each part is written', () => {
    const fixture = versionFixture('3.1');
    const result = resolveSpec(memoryFiles(fixture.files), fixture.root);
    expect(result.diagnostics).toEqual([]);
    const doc = result.document as any;
    // Plain data: survives a JSON round trip unchanged.
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(doc.paths['/widgets/{id}'].get.summary).toBe('Get a widget');
    expect(doc.paths['/widgets/{id}'].parameters[0].name).toBe('id');
    expect(doc.paths['/widgets'].get.responses['200'].content['application/json'].schema.items).toEqual({ $ref: '#/components/schemas/Widget' });
    // A schema from a file of its own is moved into the named schemas, as `redocly bundle` does.
    expect(doc.components.schemas.owner.properties.email.format).toBe('email');
    expect(doc.components.schemas.Widget.properties.owner).toEqual({ $ref: '#/components/schemas/owner' });
    expect(doc.info.description).toBe('The widget API, in files of its own.');
    expect(JSON.stringify(doc)).not.toMatch(/"\$ref":"(?!#\/components\/schemas\/)/);
    // The source map: the operation is in its own file; the ref that brought it in is in the root, with lines.
    const entry = result.sourceMap['/paths/~1widgets~1{id}/get']!;
    expect(entry).toMatchObject({ file: 'v31/operations/get-widget.yaml', pointer: '' });
    expect(entry.refs).toEqual([{ file: 'v31/openapi.yaml', pointer: '/paths/~1widgets~1{id}/get/$ref', lines: [17, 17] }]);
    const summary = originOf(result.sourceMap, ['paths', '/widgets/{id}', 'get', 'summary']);
    expect(summary).toMatchObject({ file: 'v31/operations/get-widget.yaml', segments: ['summary'] });
    expect(result.files[0]).toBe(fixture.root);
    expect([...result.files].sort()).toEqual(Object.keys(fixture.files).sort());
  });

  it('points discriminator mappings given as refs at the named schemas', () => {
    const files = {
      'openapi.yaml': "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      oneOf:\n        - $ref: 'pets/dog.yaml'\n        - $ref: '#/components/schemas/Cat'\n      discriminator:\n        propertyName: kind\n        mapping:\n          dog: 'pets/dog.yaml'\n          cat: '#/components/schemas/Cat'\n          bird: Bird\n          fish: '#/components/schemas/Nowhere'\n    Cat: {type: object}\n",
      'pets/dog.yaml': 'type: object\nproperties:\n  kind: {type: string}\n',
    };
    const result = resolveSpec(memoryFiles(files), 'openapi.yaml');
    expect(result.diagnostics).toEqual([]);
    // A mapping that points nowhere stays as written, silently (Redocly's structural check does not follow mappings).
    expect((result.document as any).components.schemas.Pet.discriminator.mapping).toEqual({ dog: '#/components/schemas/dog', cat: '#/components/schemas/Cat', bird: 'Bird', fish: '#/components/schemas/Nowhere' });
  });

  it('reports a missing file where the ref is written and keeps the ref as written', () => {
    const result = resolveSpec(memoryFiles({ 'openapi.yaml': "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      $ref: 'nope.yaml'\n" }), 'openapi.yaml');
    expect(result.diagnostics).toMatchObject([{ code: 'E_OPENAPI_REF_MISSING', file: 'openapi.yaml', line: 6, pointer: '/paths/~1a/get/$ref' }]);
    expect((result.document as any).paths['/a'].get).toEqual({ $ref: 'nope.yaml' });
    expect(result.sourceMap['/paths/~1a/get']).toMatchObject({ file: 'openapi.yaml', unresolved: true });
  });
});
