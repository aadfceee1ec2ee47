// Examples for the reader: the spec's own, serialized with a bounded writer (an example may be a
// YAML alias expanded a million times over: nothing here walks more than it writes, RELIABILITY
// D4), or generated from the schema when the spec gives none: deterministic (same schema, same
// text), bounded in nodes and characters, recursion cut at the first repeat.

import { isObj, text, type Obj } from './text.ts';

export const MAX_EXAMPLE_CHARS = 20_000;
/** Nodes a generated example may have; a generated example is a sketch, not a dump. */
const GENERATED_NODES = 100;
const GENERATED_DEPTH = 8;

/**
 * Pretty JSON of `value`, at most `max` characters. Stops writing (and walking) as soon as the
 * budget is spent; objects met again on the current path (they cannot be, after parsing, but a
 * caller may pass any value) are written as "[circular]".
 */
export function boundedJson(value: unknown, max: number): { json: string; truncated: boolean } {
  const parts: string[] = [];
  let length = 0;
  let truncated = false;
  const emit = (s: string): boolean => {
    if (truncated) return false;
    if (length + s.length > max) {
      parts.push(s.slice(0, Math.max(0, max - length)));
      length = max;
      truncated = true;
      return false;
    }
    parts.push(s);
    length += s.length;
    return true;
  };
  const onPath = new Set<object>();
  const write = (v: unknown, indent: string, depth: number): boolean => {
    if (v instanceof Date) return emit(JSON.stringify(v));
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'string') return emit(JSON.stringify(v.length > max ? v.slice(0, max) : v));
      if (typeof v === 'number') return emit(Number.isFinite(v) ? String(v) : 'null');
      if (typeof v === 'boolean' || typeof v === 'bigint') return emit(String(v));
      return emit('null');
    }
    if (onPath.has(v)) return emit('"[circular]"');
    if (depth > 100) return emit('"…"');
    onPath.add(v);
    const inner = `${indent}  `;
    let ok: boolean;
    if (Array.isArray(v)) {
      ok = v.length === 0 ? emit('[]') : emit('[\n');
      for (let i = 0; ok && i < v.length; i++) ok = emit(inner) && write(v[i], inner, depth + 1) && emit(i < v.length - 1 ? ',\n' : '\n');
      if (ok && v.length > 0) ok = emit(`${indent}]`);
    } else {
      const keys = Object.keys(v);
      ok = keys.length === 0 ? emit('{}') : emit('{\n');
      for (let i = 0; ok && i < keys.length; i++) {
        const k = keys[i]!;
        ok = emit(`${inner}${JSON.stringify(k)}: `) && write((v as Obj)[k], inner, depth + 1) && emit(i < keys.length - 1 ? ',\n' : '\n');
      }
      if (ok && keys.length > 0) ok = emit(`${indent}}`);
    }
    onPath.delete(v);
    return ok;
  };
  write(value, '', 0);
  return { json: parts.join(''), truncated };
}

/** An example value as display text: strings as written, anything else as bounded pretty JSON. */
export function exampleText(value: unknown, max = MAX_EXAMPLE_CHARS): string {
  if (typeof value === 'string') {
    const s = text(value);
    return s.length > max ? `${s.slice(0, max)}\n… (truncated)` : s;
  }
  const { json, truncated } = boundedJson(value, max);
  return truncated ? `${text(json)}\n… (truncated)` : text(json);
}

export interface ExampleSchemas {
  /** The named schema a `$ref` points to, or null. */
  lookup(ref: string): { name: string; value: unknown } | null;
}

const STRING_FORMATS: Record<string, string> = {
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  time: '00:00:00Z',
  email: 'user@example.com',
  uri: 'https://example.com',
  url: 'https://example.com',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uuid: '00000000-0000-0000-0000-000000000000',
  byte: 'U3dhZ2dlcg==',
  binary: '<binary>',
  password: '********',
};

/**
 * An example built from a schema, for a request (`readOnly` properties left out) or a response
 * (`writeOnly` left out); undefined when the schema says nothing usable.
 */
export function exampleFromSchema(schema: unknown, schemas: ExampleSchemas, direction: 'request' | 'response'): unknown {
  let budget = GENERATED_NODES;
  const gen = (s: unknown, depth: number, stack: string[]): unknown => {
    if (budget-- <= 0 || depth > GENERATED_DEPTH || !isObj(s)) return undefined;
    if (typeof s.$ref === 'string') {
      if (s.example !== undefined) return s.example;
      const named = schemas.lookup(s.$ref);
      if (!named || stack.includes(named.name)) return undefined;
      return gen(named.value, depth, [...stack, named.name]);
    }
    if (s.example !== undefined) return s.example;
    if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
    if (s.const !== undefined) return s.const;
    if (s.default !== undefined) return s.default;
    if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
    if (Array.isArray(s.allOf)) {
      const merged: Obj = {};
      let any = false;
      for (const part of s.allOf) {
        const v = gen(part, depth + 1, stack);
        if (isObj(v)) Object.assign(merged, v);
        if (v !== undefined) any = true;
      }
      const own = isObj(s.properties) ? gen({ ...s, allOf: undefined }, depth + 1, stack) : undefined;
      if (isObj(own)) Object.assign(merged, own);
      return any || own !== undefined ? merged : undefined;
    }
    for (const k of ['oneOf', 'anyOf'] as const) {
      const list = s[k];
      if (Array.isArray(list) && list.length > 0) return gen(list[0], depth + 1, stack);
    }
    const types = Array.isArray(s.type) ? s.type.filter((t) => t !== 'null') : [s.type];
    const type = typeof types[0] === 'string' ? types[0] : isObj(s.properties) || isObj(s.additionalProperties) ? 'object' : s.items !== undefined ? 'array' : undefined;
    switch (type) {
      case 'object': {
        const out: Obj = {};
        if (isObj(s.properties)) {
          for (const [k, p] of Object.entries(s.properties)) {
            if (isObj(p) && ((direction === 'request' && p.readOnly === true) || (direction === 'response' && p.writeOnly === true))) continue;
            const v = gen(p, depth + 1, stack);
            if (v !== undefined) out[k] = v;
            if (budget <= 0) break;
          }
        } else if (isObj(s.additionalProperties)) {
          const v = gen(s.additionalProperties, depth + 1, stack);
          if (v !== undefined) out.property1 = v;
        }
        return out;
      }
      case 'array': {
        const item = gen(Array.isArray(s.items) ? s.items[0] : s.items, depth + 1, stack);
        return item === undefined ? [] : [item];
      }
      case 'string':
        return STRING_FORMATS[typeof s.format === 'string' ? s.format : ''] ?? 'string';
      case 'integer':
      case 'number':
        return typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : 0;
      case 'boolean':
        return true;
      case 'null':
        return null;
      default:
        return undefined;
    }
  };
  return gen(schema, 0, []);
}
