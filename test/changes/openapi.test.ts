import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { diffOpenApi } from '../../src/changes/openapi/index.ts';
import { CHECKS } from '../../src/changes/openapi/checks.ts';
import type { ApiChange } from '../../src/changes/types.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { pairs, script, versions } from './helpers.ts';

type Spec = Record<string, any>;
const clone = (s: Spec): Spec => structuredClone(s);

/** A small OpenAPI 3.0 pet store: list, create, read and delete. */
function base(): Spec {
  return {
    openapi: '3.0.3',
    info: { title: 'Pets', version: '1.0.0' },
    paths: {
      '/pets': {
        get: {
          operationId: 'listPets',
          summary: 'List pets',
          responses: { '200': { description: 'The pets', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Pet' } } } } } },
        },
        post: {
          operationId: 'createPet',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NewPet' } } } },
          responses: { '201': { description: 'Created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } },
        },
      },
      '/pets/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        get: { operationId: 'getPet', responses: { '200': { description: 'A pet', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } }, '404': { description: 'Not found' } } },
        delete: { operationId: 'deletePet', responses: { '204': { description: 'Deleted' } } },
      },
    },
    components: {
      schemas: {
        NewPet: { type: 'object', required: ['name'], properties: { name: { type: 'string', description: 'What it answers to.' }, weight: { type: 'number' } } },
        Pet: { allOf: [{ $ref: '#/components/schemas/NewPet' }, { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, tags: { type: 'array', items: { $ref: '#/components/schemas/Tag' } } } }] },
        Tag: { type: 'object', properties: { id: { type: 'integer' }, label: { type: 'string' } } },
      },
    },
  };
}

/** The six edits issue 14 names, one commit each, by different authors. */
function history(): { message: string; author: string; spec: Spec }[] {
  const steps: { message: string; author: string; spec: Spec }[] = [];
  let s = base();
  steps.push({ message: 'Pets API', author: 'Alice Author <alice@example.com>', spec: clone(s) });
  s.paths['/pets'].get.parameters = [{ name: 'limit', in: 'query', required: false, schema: { type: 'integer', maximum: 100 } }];
  steps.push({ message: 'Add optional limit (#11)', author: 'Bob Builder <bob@example.com>', spec: clone(s) });
  delete s.paths['/pets/{id}'].delete;
  steps.push({ message: 'Remove pet deletion (#12)', author: 'Carol Coder <carol@example.com>', spec: clone(s) });
  s.components.schemas.Tag.properties.id = { type: 'string' };
  steps.push({ message: 'Tag ids are strings (#13)', author: 'Dan Dev <dan@example.com>', spec: clone(s) });
  s.paths['/pets/{id}'].get.deprecated = true;
  steps.push({ message: 'Deprecate getPet (#14)', author: 'Erin Editor <erin@example.com>', spec: clone(s) });
  s.components.schemas.NewPet.required = ['name', 'species'];
  s.components.schemas.NewPet.properties.species = { type: 'string', enum: ['cat', 'dog'] };
  steps.push({ message: 'Species is required (#15)', author: 'Bob Builder <bob@example.com>', spec: clone(s) });
  s.components.schemas.NewPet.properties.name.description = 'The name it answers to.';
  s.paths['/pets'].get.summary = 'List all pets';
  steps.push({ message: 'Docs only (#16)', author: 'Alice Author <alice@example.com>', spec: clone(s) });
  return steps;
}

function pick(changes: ApiChange[], key: string): ApiChange[] {
  return changes.filter((c) => c.key === key);
}

function verdicts(changes: ApiChange[]): string[] {
  return changes.map((c) => `${c.key} | ${c.change} | ${c.breaking ? 'breaking' : 'ok'} | ${c.check} | ${c.summary}`).sort();
}

describe('OpenAPI changes over a scripted spec history', () => {
  const repos: TestRepo[] = [];
  afterAll(() => repos.forEach((r) => r.cleanup()));

  function run(format: 'yaml' | 'json', transform: (s: Spec) => Spec = (s) => s): ApiChange[][] {
    const repo = TestRepo.init();
    repos.push(repo);
    const path = format === 'yaml' ? 'api/openapi.yaml' : 'api/swagger.json';
    const steps = history();
    const shas = script(
      repo,
      steps.map((s) => ({ message: s.message, author: s.author, files: { [path]: format === 'yaml' ? stringify(transform(s.spec)) : JSON.stringify(transform(s.spec), null, 2) } })),
    );
    const texts = versions(repo, path, shas);
    expect(texts.every((t) => t !== null)).toBe(true);
    return pairs(texts.map((t) => parse(t!)), shas).map(({ before, after }) => diffOpenApi(before, after));
  }

  it('classifies each of the six commits of an OpenAPI 3.0 history as oasdiff would', () => {
    const [limit, removed, retyped, deprecated, required, docs] = run('yaml');
    expect(verdicts(limit!)).toEqual(['GET /pets | added | ok | new-optional-request-parameter | new optional query parameter `limit`']);
    expect(verdicts(removed!)).toEqual(['DELETE /pets/{id} | removed | breaking | api-removed-without-deprecation | operation removed']);
    // Tag.id is read in three responses (list, create, read) and is part of the Tag and Pet schemas.
    expect(verdicts(retyped!)).toEqual([
      'GET /pets | changed | breaking | response-property-type-changed | response 200 property `[].tags[].id` type changed from integer to string',
      'GET /pets/{id} | changed | breaking | response-property-type-changed | response 200 property `tags[].id` type changed from integer to string',
      'POST /pets | changed | breaking | response-property-type-changed | response 201 property `tags[].id` type changed from integer to string',
      'Pet | changed | breaking | response-property-type-changed | property `tags[].id` type changed from integer to string',
      'Tag | changed | breaking | response-property-type-changed | property `id` type changed from integer to string',
    ]);
    expect(verdicts(deprecated!)).toEqual(['GET /pets/{id} | deprecated | ok | endpoint-deprecated | operation deprecated']);
    // NewPet is the request body of POST and, through Pet's allOf, part of every response.
    const post = pick(required!, 'POST /pets');
    expect(verdicts(post)).toContain('POST /pets | added | breaking | new-required-request-property | request required property `species` added');
    expect(verdicts(post)).toContain('POST /pets | added | ok | response-required-property-added | response 201 required property `species` added');
    expect(verdicts(pick(required!, 'NewPet'))).toEqual(['NewPet | added | breaking | new-required-request-property | required property `species` added']);
    expect(verdicts(pick(required!, 'GET /pets'))).toEqual(['GET /pets | added | ok | response-required-property-added | response 200 required property `[].species` added']);
    expect(verdicts(docs!)).toEqual([
      'GET /pets | changed | ok | documentation-changed | description edited',
      'NewPet | changed | ok | documentation-changed | description edited',
    ]);
  });

  it('gives the same verdicts for the same history written as Swagger 2.0', () => {
    const toSwagger = (s: Spec): Spec => {
      const v2 = JSON.parse(JSON.stringify(s).replaceAll('#/components/schemas/', '#/definitions/'));
      const out: Spec = { swagger: '2.0', info: v2.info, produces: ['application/json'], consumes: ['application/json'], paths: {}, definitions: v2.components.schemas };
      for (const [path, item] of Object.entries<any>(v2.paths)) {
        out.paths[path] = {};
        if (item.parameters) out.paths[path].parameters = item.parameters.map((p: any) => ({ name: p.name, in: p.in, required: p.required, ...p.schema }));
        for (const [method, op] of Object.entries<any>(item)) {
          if (method === 'parameters') continue;
          const params = (op.parameters ?? []).map((p: any) => ({ name: p.name, in: p.in, required: p.required, ...p.schema }));
          if (op.requestBody) params.push({ name: 'body', in: 'body', required: op.requestBody.required, schema: op.requestBody.content['application/json'].schema });
          const responses: Spec = {};
          for (const [code, r] of Object.entries<any>(op.responses)) responses[code] = { description: r.description, ...(r.content ? { schema: r.content['application/json'].schema } : {}) };
          out.paths[path][method] = { operationId: op.operationId, summary: op.summary, deprecated: op.deprecated, parameters: params, responses };
        }
      }
      return out;
    };
    const v3 = run('yaml').map(verdicts);
    const v2 = run('json', toSwagger).map(verdicts);
    expect(v2).toEqual(v3);
    expect(v2.flat().length).toBeGreaterThan(8);
  });

  it('returns plain JSON data whose every check id is documented with its level', () => {
    const all = run('yaml').flat();
    expect(JSON.parse(JSON.stringify(all))).toEqual(all);
    for (const c of all) {
      expect(c.breaking).toBe(c.level !== 'info');
      if (CHECKS[c.check]) expect(c.level).toBe(CHECKS[c.check]!.level);
      expect(c.summary).not.toContain('\n');
      expect(c.pointer.startsWith('/')).toBe(true);
    }
  });
});

describe('OpenAPI change rules', () => {
  const one = (mutate: (s: Spec) => void, start: Spec = base()): string[] => {
    const after = clone(start);
    mutate(after);
    return verdicts(diffOpenApi(start, after));
  };

  it('breaks on a narrowed request type and not on the same narrowing in a response', () => {
    expect(one((s) => (s.components.schemas.NewPet.properties.weight = { type: 'integer' }))).toEqual([
      // NewPet is a request body (POST) and, through Pet, in every response.
      'GET /pets | changed | ok | response-property-type-specialized | response 200 property `[].weight` type narrowed from number to integer',
      'GET /pets/{id} | changed | ok | response-property-type-specialized | response 200 property `weight` type narrowed from number to integer',
      'NewPet | changed | breaking | request-property-type-specialized | property `weight` type narrowed from number to integer',
      'POST /pets | changed | breaking | request-property-type-specialized | request property `weight` type narrowed from number to integer',
      'POST /pets | changed | ok | response-property-type-specialized | response 201 property `weight` type narrowed from number to integer',
      'Pet | changed | ok | response-property-type-specialized | property `weight` type narrowed from number to integer',
    ]);
  });

  it('breaks when security is required where none was, and when a success status goes', () => {
    expect(
      one((s) => {
        s.components.securitySchemes = { key: { type: 'apiKey', in: 'header', name: 'X-Key' } };
        s.paths['/pets'].get.security = [{ key: [] }];
      }),
    ).toEqual(['GET /pets | changed | breaking | api-security-added | security required: `key`']);
    expect(one((s) => delete s.paths['/pets/{id}'].get.responses['200'])).toEqual(['GET /pets/{id} | removed | breaking | response-success-status-removed | response 200 removed']);
    expect(one((s) => delete s.paths['/pets/{id}'].get.responses['404'])).toEqual(['GET /pets/{id} | removed | ok | response-non-success-status-removed | response 404 removed']);
  });

  it('treats a renamed path parameter as the same operation and an enum value removed from a request as breaking', () => {
    const renamed = one((s) => {
      s.paths['/pets/{petId}'] = s.paths['/pets/{id}'];
      delete s.paths['/pets/{id}'];
      s.paths['/pets/{petId}'].parameters[0].name = 'petId';
    });
    expect(renamed).toContain('GET /pets/{petId} | renamed | ok | documentation-changed | path template changed from `/pets/{id}` to `/pets/{petId}`');
    expect(renamed.filter((v) => v.includes('breaking'))).toEqual([]);
    const start = base();
    start.components.schemas.NewPet.properties.size = { type: 'string', enum: ['s', 'm', 'l'] };
    expect(one((s) => (s.components.schemas.NewPet.properties.size.enum = ['s', 'm']), start)).toContain(
      'POST /pets | changed | breaking | request-property-enum-value-removed | request property `size` enum value `l` removed',
    );
    expect(one((s) => (s.components.schemas.NewPet.properties.size.enum = ['s', 'm', 'l', 'xl']), start)).toContain(
      'GET /pets/{id} | changed | breaking | response-property-enum-value-added | response 200 property `size` enum value `xl` added',
    );
  });

  it('ignores header parameters named Accept, Content-Type and Authorization, as OpenAPI 3 says', () => {
    expect(one((s) => (s.paths['/pets'].get.parameters = [{ name: 'Accept', in: 'header', required: true, schema: { type: 'string' } }]))).toEqual([]);
    expect(one((s) => (s.paths['/pets'].get.parameters = [{ name: 'X-Request-Id', in: 'header', required: true, schema: { type: 'string' } }]))).toEqual([
      'GET /pets | added | breaking | new-required-request-parameter | new required header parameter `X-Request-Id`',
    ]);
  });

  it('compares a property defined in several allOf members as the conjunction of its definitions', () => {
    const start = base();
    start.components.schemas.Base = { type: 'object', properties: { kind: { type: 'string', readOnly: true } } };
    start.components.schemas.Tag = { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', properties: { kind: { type: 'string', enum: ['a', 'b'] } } }] };
    expect(one((s) => s.components.schemas.Tag.allOf[1].properties.kind.enum.push('c'), start)).toContain(
      'GET /pets/{id} | changed | breaking | response-property-enum-value-added | response 200 property `tags[].kind` enum value `c` added',
    );
  });

  it('judges a schema change by the operations that used the schema before it', () => {
    const start = base();
    start.components.schemas.Note = { type: 'object', properties: { kind: { type: 'string', enum: ['a'] } } };
    const changes = one((s) => {
      s.components.schemas.Note.properties.kind.enum.push('b');
      s.paths['/notes'] = { get: { responses: { '200': { description: 'Notes', content: { 'application/json': { schema: { $ref: '#/components/schemas/Note' } } } } } } };
    }, start);
    expect(changes).toEqual(['GET /notes | added | ok | endpoint-added | operation added', 'Note | changed | ok | request-property-enum-value-added | property `kind` enum value `b` added']);
  });

  it('follows cyclic schemas without looping and finds a change inside the cycle', () => {
    const start = base();
    start.components.schemas.Tag.properties.parent = { $ref: '#/components/schemas/Tag' };
    const changes = one((s) => delete s.components.schemas.Tag.properties.label, start);
    expect(changes).toContain('GET /pets/{id} | removed | breaking | response-optional-property-removed | response 200 property `tags[].label` removed');
    expect(changes).toContain('Tag | removed | breaking | response-optional-property-removed | property `label` removed');
  });

  it('reports nothing for two identical documents, and OpenAPI 3.1 type arrays as nullability', () => {
    expect(diffOpenApi(base(), base())).toEqual([]);
    const start = base();
    start.openapi = '3.1.0';
    expect(one((s) => (s.components.schemas.Tag.properties.label = { type: ['string', 'null'] }), start)).toContain(
      'GET /pets/{id} | changed | breaking | response-property-became-nullable | response 200 property `tags[].label` became nullable',
    );
  });
});
