// The official OpenAPI schema test documents are classified like the OAI classifies them: every
// pass/ document is accepted, every fail/ document rejected with a located message.

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractOpenApi } from '../../src/extract/openapi/index.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import { createTemplateEnv } from '../../src/render/handlebars.ts';
import { CORPUS, folderFiles, memoryFiles } from './openapi-helpers.ts';

const files = folderFiles(CORPUS);
const templates = createTemplateEnv();
const cases = (['v3.1', 'v3.2'] as const).flatMap((v) =>
  (['pass', 'fail'] as const).flatMap((kind) => readdirSync(`${CORPUS}/oas-schema-tests/${v}/${kind}`).sort().map((f) => ({ kind, root: `oas-schema-tests/${v}/${kind}/${f}` }))),
);

async function validationErrors(root: string, source = files) {
  const diagnostics = new Diagnostics();
  const pages = await extractOpenApi({ files: source, root, templates, diagnostics });
  return { pages, errors: diagnostics.items.filter((d) => d.code === 'E_OPENAPI_INVALID' || d.code === 'E_OPENAPI_VERSION') };
}

describe('OpenAPI validation', () => {
  it.each(cases.filter((c) => c.kind === 'pass'))('accepts $root', async ({ root }) => {
    const { pages, errors } = await validationErrors(root);
    expect(errors).toEqual([]);
    // (Banners may still report refs to URLs, which are never fetched; that is not a validation verdict.)
    expect(pages.length).toBeGreaterThan(0);
  });

  it.each(cases.filter((c) => c.kind === 'fail'))('rejects $root with a located message, and still builds its pages', async ({ root }) => {
    const { pages, errors } = await validationErrors(root);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e.file).toBe(root);
      expect(e.line).toBeGreaterThan(0);
      expect(e.pointer).toMatch(/^(\/.*)?$/); // "" is the whole document
      expect(e.hint).toBeTruthy();
    }
    expect(pages.length).toBeGreaterThan(0);
    expect(pages[0]!.banners?.[0]?.severity).toBe('error');
  });

  it('accepts the large real specs without errors', async () => {
    for (const root of ['twilio-api-v2010.json', 'box.json', 'argo-workflows-swagger.json', 'swagger-petstore3.yaml']) {
      expect((await validationErrors(root)).errors).toEqual([]);
    }
  });

  it('points a missing required field at the line of its parent, with a hint naming it', async () => {
    const spec = 'openapi: 3.1.0\ninfo:\n  title: T\n  version: "1"\npaths:\n  /a:\n    get:\n      responses:\n        "200": {}\n';
    const { errors } = await validationErrors('api.yaml', memoryFiles({ 'api.yaml': spec }));
    const e = errors.find((x) => x.pointer?.startsWith('/paths/~1a/get/responses/200'));
    expect(e?.line).toBe(9);
    expect(e?.hint).toContain('description');
  });

  it('says a numeric openapi version must be quoted (O10)', async () => {
    const { errors, pages } = await validationErrors('api.yaml', memoryFiles({ 'api.yaml': 'openapi: 3.0\ninfo: {title: T, version: "1"}\npaths: {}\n' }));
    expect(errors.find((e) => e.code === 'E_OPENAPI_VERSION')?.message).toMatch(/number.*string/);
    expect(errors.find((e) => e.code === 'E_OPENAPI_VERSION')?.line).toBe(1);
    expect(pages.length).toBeGreaterThan(0);
  });
});
