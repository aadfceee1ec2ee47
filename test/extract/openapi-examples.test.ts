// Examples on API pages: the spec's own are written with a bounded writer (an example may be a YAML
// alias expanded a million times over, RELIABILITY D4), and a missing one is generated from the
// schema, deterministically and within bounds.

import { describe, expect, it } from 'vitest';
import { boundedJson, exampleFromSchema, exampleText } from '../../src/extract/openapi/examples.ts';

/** A value with no end: every property read makes a new level (JSON.stringify never finishes it). */
function endless(): object {
  return new Proxy(
    {},
    {
      ownKeys: () => ['left', 'right'],
      getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
      get: () => endless(),
    },
  );
}

const none = { lookup: () => null };

describe('example serialization', () => {
  it('writes at most its budget of characters and stops walking there', () => {
    expect(() => JSON.stringify(endless())).toThrow();
    const { json, truncated } = boundedJson(endless(), 1000);
    expect(truncated).toBe(true);
    expect(json.length).toBe(1000);
    expect(exampleText(endless(), 500)).toMatch(/… \(truncated\)$/);
  });

  it('writes small values exactly as JSON.stringify does, strings as written', () => {
    const value = { a: [1, 'two', { three: null, four: true }], b: {}, c: [], d: 'x"y', e: 1.5 };
    expect(boundedJson(value, 10_000)).toEqual({ json: JSON.stringify(value, null, 2), truncated: false });
    expect(exampleText('plain text\nline 2')).toBe('plain text\nline 2');
  });
});

describe('examples generated from a schema', () => {
  const schemas = new Map<string, unknown>([
    ['Pet', { type: 'object', required: ['name'], properties: { id: { type: 'integer', format: 'int64', readOnly: true }, name: { type: 'string', example: 'Rex' }, tag: { type: 'string', enum: ['dog', 'cat'] }, born: { type: 'string', format: 'date' }, owner: { $ref: '#/components/schemas/Owner' }, parent: { $ref: '#/components/schemas/Pet' }, secret: { type: 'string', writeOnly: true } } }],
    ['Owner', { type: 'object', properties: { email: { type: 'string', format: 'email' }, pets: { type: 'array', items: { $ref: '#/components/schemas/Pet' } } } }],
  ]);
  const lookup = {
    lookup: (ref: string) => {
      const name = ref.split('/').pop()!;
      return schemas.has(name) ? { name, value: schemas.get(name) } : null;
    },
  };

  it('uses examples, enums and formats, leaves out read-only fields in requests and write-only ones in responses, and cuts recursion', () => {
    const pet = { $ref: '#/components/schemas/Pet' };
    expect(exampleFromSchema(pet, lookup, 'response')).toEqual({ id: 0, name: 'Rex', tag: 'dog', born: '2024-01-01', owner: { email: 'user@example.com', pets: [] } });
    expect(exampleFromSchema(pet, lookup, 'request')).toEqual({ name: 'Rex', tag: 'dog', born: '2024-01-01', owner: { email: 'user@example.com', pets: [] }, secret: 'string' });
    // Deterministic: the same schema gives the same text.
    expect(exampleText(exampleFromSchema(pet, lookup, 'response'))).toBe(exampleText(exampleFromSchema(pet, lookup, 'response')));
  });

  it('merges allOf, takes the first of oneOf, and stays within its node budget for a wide schema', () => {
    expect(exampleFromSchema({ allOf: [{ type: 'object', properties: { a: { type: 'integer', minimum: 3 } } }, { type: 'object', properties: { b: { type: 'boolean' } } }] }, none, 'response')).toEqual({ a: 3, b: true });
    expect(exampleFromSchema({ oneOf: [{ type: 'string', format: 'uuid' }, { type: 'integer' }] }, none, 'response')).toBe('00000000-0000-0000-0000-000000000000');
    const wide = { type: 'object', properties: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`p${i}`, { type: 'object', properties: { x: { type: 'string' } } }])) };
    const out = exampleFromSchema(wide, none, 'response') as Record<string, unknown>;
    expect(Object.keys(out).length).toBeLessThan(200);
    expect(exampleFromSchema({ description: 'nothing to go on' }, none, 'response')).toBeUndefined();
  });
});
