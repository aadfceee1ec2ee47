// YAML front matter: hostile input by design (RELIABILITY §1.3, Y1-Y3). Never throws.

import { SAFE_YAML } from '../yaml-options.ts';
import { parseYamlDocument } from '../yaml-parse.ts';

export type FrontmatterResult =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; code: 'E_FRONTMATTER' | 'W_FRONTMATTER_NOT_OBJECT'; message: string; line: number };

/** Bounds the plain copy so that shared (aliased) subtrees cannot blow up downstream JSON. */
const MAX_NODES = 10_000;
const MAX_DEPTH = 64;

/**
 * Parses front matter whose first line is file line `firstLine` into a null-prototype object tree
 * (nested objects too, so `__proto__`/`constructor` keys are plain data).
 */
export function parseFrontmatter(source: string, firstLine: number): FrontmatterResult {
  let value: unknown;
  try {
    const doc = parseYamlDocument(source, SAFE_YAML);
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line;
      return {
        ok: false,
        code: 'E_FRONTMATTER',
        message: `Invalid YAML front matter: ${firstMessageLine(error.message)}`,
        line: line === undefined ? firstLine : firstLine + line - 1,
      };
    }
    // Throws a ReferenceError for alias bombs (billion laughs).
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    // Also RangeError from deeply nested collections (GHSA-48c2-rrv3-qjmp).
    return { ok: false, code: 'E_FRONTMATTER', message: `Invalid YAML front matter: ${describe(error)}`, line: firstLine };
  }
  if (value === null || value === undefined) return { ok: true, data: Object.create(null) as Record<string, unknown> };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      code: 'W_FRONTMATTER_NOT_OBJECT',
      message: 'Front matter is not a mapping (key: value pairs); it is ignored.',
      line: firstLine,
    };
  }
  try {
    return { ok: true, data: plainCopy(value, 0, { nodes: 0 }) as Record<string, unknown> };
  } catch (error) {
    return { ok: false, code: 'E_FRONTMATTER', message: `Front matter too large: ${describe(error)}`, line: firstLine };
  }
}

function plainCopy(value: unknown, depth: number, budget: { nodes: number }): unknown {
  if (++budget.nodes > MAX_NODES) throw new Error(`more than ${MAX_NODES} values`);
  if (depth > MAX_DEPTH) throw new Error(`nested deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) return value.map((item) => plainCopy(item, depth + 1, budget));
  if (value instanceof Map) {
    // Only produced for non-string keys, which `toJS` keeps as a Map.
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of value) out[String(k)] = plainCopy(v, depth + 1, budget);
    return out;
  }
  if (value instanceof Set) return [...value].map((item) => plainCopy(item, depth + 1, budget));
  if (value !== null && typeof value === 'object') {
    const out = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value)) out[key] = plainCopy((value as Record<string, unknown>)[key], depth + 1, budget);
    return out;
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function firstMessageLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function describe(error: unknown): string {
  if (error instanceof RangeError) return 'nested too deeply';
  return firstMessageLine(error instanceof Error ? error.message : String(error));
}
