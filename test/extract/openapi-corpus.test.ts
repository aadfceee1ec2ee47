// Every spec of the real-world corpus becomes pages where each operation appears exactly once,
// under its `METHOD /path` key, and no page is heavier than ~1 MB of HTML.

import { describe, expect, it } from 'vitest';
import { fillBody } from '../../src/render/body.ts';
import { discoverOpenApi, extractOpenApi } from '../../src/extract/openapi/index.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { ExtractedPage } from '../../src/model/extracted.ts';
import { createTemplateEnv } from '../../src/render/handlebars.ts';
import { CORPUS, expectedKeys, folderFiles } from './openapi-helpers.ts';

const files = folderFiles(CORPUS);
const templates = createTemplateEnv();
const roots = discoverOpenApi(files, [], new Diagnostics());
const specs = roots.filter((r) => !r.startsWith('oas-schema-tests/'));

function html(page: ExtractedPage): string {
  return fillBody(page.body, (a) => `<span class="badge" data-for="${a}"></span>`);
}

describe('OpenAPI corpus', () => {
  it('discovers the corpus specs by content and skips $ref fragments', () => {
    expect(specs).toContain('twilio-api-v2010.json');
    expect(specs).toContain('langfuse.yml');
    expect(specs).toContain('oai-learn-examples/v2.0/yaml/petstore-separate/spec/swagger.yaml');
    expect(roots.some((r) => r.includes('petstore-separate/spec/Pet.'))).toBe(false);
    expect(roots.some((r) => r.endsWith('.md'))).toBe(false);
    expect(specs.length).toBeGreaterThanOrEqual(43); // the 44 of the corpus this one was copied from, less PagerDuty's (see test/corpus/SOURCES.md)
  });

  it.each(specs)('%s: every operation appears once with its METHOD /path key, pages stay under 1 MB', async (root) => {
    const diagnostics = new Diagnostics();
    const pages = await extractOpenApi({ files, root, templates, diagnostics });
    expect(pages.length).toBeGreaterThan(0);
    const keys = pages
      .flatMap((p) => p.sections)
      .filter((s) => s.kind === 'operation' && !s.key.includes(' webhook:'))
      .map((s) => s.key)
      .sort();
    expect(keys).toEqual(expectedKeys(root));
    const ids = new Set<string>();
    const routes = new Set<string>();
    for (const page of pages) {
      expect(ids.has(page.id)).toBe(false);
      expect(routes.has(page.route)).toBe(false);
      ids.add(page.id);
      routes.add(page.route);
      const body = html(page);
      expect(body.length).toBeLessThan(1_000_000);
      // Each section's anchor (and alias) is present exactly once, with its badge right after the heading.
      for (const s of page.sections) {
        expect(body.split(`id="${s.anchor}"`).length - 1).toBe(1);
        expect(body).toContain(`<span class="badge" data-for="${s.anchor}"></span></h3>`);
        for (const a of s.aliases ?? []) expect(body).toContain(`<span id="${a}"></span>`);
        // Its own lines, or its own file when it is a whole file (then the file's last change is its).
        const first = s.sources[0]!;
        if (first.pointer === '') expect(files.paths).toContain(first.path);
        else expect(first.lines?.[0]).toBeGreaterThan(0);
      }
    }
  });

  it('builds the big specs (Twilio, Box, Argo Workflows) within seconds', async () => {
    for (const root of ['twilio-api-v2010.json', 'box.json', 'argo-workflows-swagger.json']) {
      const started = performance.now();
      const pages = await extractOpenApi({ files, root, templates, diagnostics: new Diagnostics() });
      const ms = performance.now() - started;
      expect(pages.length).toBeGreaterThan(10);
      expect(ms).toBeLessThan(10_000);
    }
  });

  it('keeps multi-file provenance: an operation lists the fragment nodes it inlines', async () => {
    const root = 'oai-learn-examples/v2.0/yaml/petstore-separate/spec/swagger.yaml';
    const pages = await extractOpenApi({ files, root, templates, diagnostics: new Diagnostics() });
    const op = pages.flatMap((p) => p.sections).find((s) => s.key === 'GET /pets')!;
    // Pet.yaml and Error.yaml are whole files: their last change is the file's (no line range).
    expect(op.sources.map((s) => `${s.path}:${s.lines?.join('-') ?? 'file'}`)).toEqual([
      `${root}:24-44`,
      'oai-learn-examples/v2.0/yaml/petstore-separate/spec/parameters.yaml:1-9',
      'oai-learn-examples/v2.0/yaml/petstore-separate/spec/parameters.yaml:10-16',
      'oai-learn-examples/v2.0/yaml/petstore-separate/spec/Pet.yaml:file',
      'oai-learn-examples/v2.0/yaml/petstore-separate/common/Error.yaml:file',
    ]);
    expect(pages[0]!.sources.map((s) => s.path)).toContain('oai-learn-examples/v2.0/yaml/petstore-separate/common/Error.yaml');
    expect(files.reads.every((p) => files.paths.includes(p))).toBe(true);
  });

  it('gives same-stem YAML and JSON specs different routes', async () => {
    const a = await extractOpenApi({ files, root: 'oai-learn-examples/v3.0/petstore.yaml', templates, diagnostics: new Diagnostics() });
    const b = await extractOpenApi({ files, root: 'oai-learn-examples/v3.0/petstore.json', templates, diagnostics: new Diagnostics() });
    expect(a[0]!.route).toBe('/corpus/oai-learn-examples/v3.0/petstore.yaml/');
    expect(b[0]!.route).toBe('/corpus/oai-learn-examples/v3.0/petstore.json/');
    expect(a[0]!.navDir).toBe('oai-learn-examples/v3.0');
  });
});
