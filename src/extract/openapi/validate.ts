// Structural validation of a resolved document as diagnostics with file, line and JSON pointer.
// Engine: @scalar/openapi-validator (pure, in-memory, no file or network access; Swagger 2.0 and
// OpenAPI 3.0–3.2). Its bundled 3.1/3.2 schemas predate the 2025-11 official revisions, so the few
// rules added since are checked here too (see `supplementaryErrors`).

import { validate as scalarValidate } from '@scalar/openapi-validator';
import type { Diagnostics } from '../../model/diagnostics.ts';
import type { PathSegment } from './parse.ts';
import { pointerToSegments, segmentsToPointer } from './refs.ts';

export type SpecVersion = '2.0' | '3.0' | '3.1' | '3.2';

const MAX_REPORTED = 50;

export interface VersionInfo {
  version: SpecVersion;
  /** Problem with the declared version, if any (then `version` is a best guess). */
  problem: string | null;
}

/** Declared version (O10): a number (`openapi: 3.0` unquoted) or unknown version is a problem, not a crash. */
export function detectVersion(doc: Record<string, unknown>): VersionInfo {
  if (doc.swagger !== undefined) {
    return doc.swagger === '2.0' ? { version: '2.0', problem: null } : { version: '2.0', problem: `swagger: ${JSON.stringify(doc.swagger)} is not "2.0"` };
  }
  const declared = doc.openapi;
  if (typeof declared === 'string') {
    const m = /^3\.([0-2])(\.|$)/.exec(declared);
    if (m) return { version: `3.${m[1]}` as SpecVersion, problem: null };
    return { version: '3.1', problem: `openapi: "${declared.slice(0, 40)}" is not a supported version (2.0, 3.0, 3.1, 3.2)` };
  }
  if (typeof declared === 'number') {
    const guess = String(declared).startsWith('3.2') ? '3.2' : String(declared).startsWith('3.1') ? '3.1' : '3.0';
    return { version: guess, problem: `openapi: ${declared} is a number; it must be a string such as "${guess}.0" (quote it in YAML)` };
  }
  return { version: '3.1', problem: 'no openapi/swagger version field' };
}

interface SpecError {
  message: string;
  segments: PathSegment[];
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Keys whose values are data (examples, defaults), never spec structure. */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const', 'x-examples']);

/** Rules of the current official schemas/spec text that the bundled schemas miss. */
function supplementaryErrors(doc: unknown, version: SpecVersion): SpecError[] {
  if (version === '2.0') return [];
  const out: SpecError[] = [];
  const seen = new Set<object>();
  const stack: { node: unknown; segments: PathSegment[] }[] = [{ node: doc, segments: [] }];
  let budget = 2_000_000;
  while (stack.length > 0 && budget-- > 0) {
    const { node, segments } = stack.pop()!;
    if (!node || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    const parentKey = segments[segments.length - 2];
    const grandKey = segments[segments.length - 3];
    const inSchemaProperties = grandKey === 'properties' || segments.includes('properties');
    if (!Array.isArray(node)) {
      const o = node as Record<string, unknown>;
      const isParameter = typeof o.name === 'string' && typeof o.in === 'string' && segments.some((s) => s === 'parameters') && !inSchemaProperties;
      const isHeader = parentKey === 'headers' && !inSchemaProperties && typeof o.$ref !== 'string';
      const isMediaType = parentKey === 'content' && !inSchemaProperties;
      if ((isParameter || isHeader || isMediaType) && 'example' in o && 'examples' in o) {
        out.push({ message: '"example" and "examples" are mutually exclusive', segments });
      }
      if (isHeader && 'allowReserved' in o) out.push({ message: 'Header Objects do not allow "allowReserved"', segments: [...segments, 'allowReserved'] });
      if (isParameter && 'allowReserved' in o && (o.in === 'header' || (o.in === 'cookie' && o.style === 'cookie'))) {
        out.push({ message: `"allowReserved" is not allowed for in: ${o.in}${o.in === 'cookie' ? ' with style: cookie' : ''}`, segments: [...segments, 'allowReserved'] });
      }
      if (parentKey === 'links' && !inSchemaProperties && 'body' in o && typeof o.$ref !== 'string') {
        out.push({ message: 'Link Objects have no "body" property (did you mean "server"?)', segments: [...segments, 'body'] });
      }
      if (version === '3.2') {
        if (isParameter && o.in === 'header' && !TOKEN.test(o.name as string)) out.push({ message: `header parameter name ${JSON.stringify(o.name)} is not a valid HTTP header name`, segments: [...segments, 'name'] });
        if (segments[segments.length - 1] === 'headers' && !inSchemaProperties) {
          for (const k of Object.keys(o)) if (!TOKEN.test(k)) out.push({ message: `${JSON.stringify(k)} is not a valid HTTP header name`, segments: [...segments, k] });
        }
        const xml = o.xml;
        if (segments[segments.length - 1] !== 'properties' && xml && typeof xml === 'object' && !Array.isArray(xml)) {
          const x = xml as Record<string, unknown>;
          if ('nodeType' in x && ('attribute' in x || 'wrapped' in x)) {
            out.push({ message: `xml "nodeType" cannot be combined with "${'attribute' in x ? 'attribute' : 'wrapped'}"`, segments: [...segments, 'xml'] });
          }
        }
      }
      for (const [k, v] of Object.entries(o)) if ((!DATA_KEYS.has(k) || (k === 'default' && segments[segments.length - 1] === 'responses')) && v && typeof v === 'object') stack.push({ node: v, segments: [...segments, k] });
    } else {
      node.forEach((v, i) => {
        if (v && typeof v === 'object') stack.push({ node: v, segments: [...segments, i] });
      });
    }
  }
  return out;
}

/** Errors the bundled schema reports although the current official schema allows them. */
function isOutdatedSchemaError(message: string, segments: PathSegment[]): boolean {
  // Link Object `server` (the 2022 3.1 schema misspelled it as `body`).
  return /Property server is not expected/.test(message) && segments.includes('links');
}

function hintFor(message: string, version: SpecVersion): string {
  const required = /required property '([^']+)'/.exec(message);
  if (required) return `Add the required property "${required[1]}" here.`;
  if (/not expected to be here|must NOT have additional properties/.test(message)) return 'Remove or rename this property (check its spelling and which object it belongs in).';
  if (/must be equal to one of the allowed values/.test(message)) return 'Use one of the values the specification allows.';
  if (/^type must be|must be (string|object|array|boolean|number|integer)/.test(message)) return 'Change the value to the type the specification expects.';
  return `Make this part match the ${version === '2.0' ? 'Swagger 2.0' : `OpenAPI ${version}`} specification.`;
}

export interface ValidationSummary {
  errors: number;
  version: SpecVersion;
}

/** A resolved document and where its parts are written. */
export interface ValidationInput {
  repo: string;
  /** The root file (version problems are reported there). */
  root: string;
  document: Record<string, unknown>;
  /** Where the node at `segments` of the document is written; `unresolved` where a `$ref` was kept as written. */
  origin(segments: readonly PathSegment[]): { file: string; segments: PathSegment[]; unresolved: boolean };
  /** Lines of a node in its file, null when the file has no such node. */
  lines(file: string, segments: readonly PathSegment[]): [number, number] | null;
}

/**
 * Validates the resolved document (what the spec's own tools check: every `$ref` followed first,
 * so an operation in a file of its own is checked as an operation) and records each problem as an
 * `E_OPENAPI_INVALID` diagnostic located in the file, line and pointer where it is written. A part
 * written once and used many times is reported once. Returns the number of problems.
 */
export function validateSpec(input: ValidationInput, diagnostics: Diagnostics): ValidationSummary {
  const { repo, document: doc } = input;
  const { version, problem } = detectVersion(doc);
  const rootAt = (segments: PathSegment[]) => {
    const line = input.lines(input.root, segments)?.[0];
    return { repo, file: input.root, pointer: segmentsToPointer(segments), ...(line !== undefined ? { line } : {}) };
  };
  if (problem) {
    diagnostics.error('E_OPENAPI_VERSION', `${input.root}: ${problem}.`, {
      ...rootAt([doc.swagger !== undefined ? 'swagger' : 'openapi']),
      hint: 'Declare swagger: "2.0" or openapi: "3.0.4"/"3.1.1"/"3.2.0" as a quoted string.',
    });
    if (typeof doc.openapi !== 'number') return { errors: 1, version };
  }
  const errors: SpecError[] = [];
  try {
    // The validator needs the declared version as a string; a numeric one is checked as its guess.
    const checked = typeof doc.openapi === 'number' ? { ...doc, openapi: `${version}.0` } : doc;
    const outcome = scalarValidate(checked, { checkPathParameters: false, checkCookieParameters: version === '3.2' });
    for (const e of outcome.errors ?? []) {
      const segments = Array.isArray(e.path) ? e.path : (pointerToSegments(e.path ?? '') ?? []);
      if (!isOutdatedSchemaError(e.message, segments)) errors.push({ message: e.message, segments });
    }
  } catch (error) {
    errors.push({ message: `validator failed: ${error instanceof RangeError ? 'document nested too deeply' : (error as Error).message}`, segments: [] });
  }
  errors.push(...supplementaryErrors(doc, version));
  // One diagnostic per problem where it is written; a `$ref` that could not be followed is reported as such, not again here.
  const located = new Map<string, { message: string; file: string; segments: PathSegment[]; documentPointer: string }>();
  for (const e of errors) {
    const o = input.origin(e.segments);
    if (o.unresolved) continue;
    const key = `${o.file}\u0000${segmentsToPointer(o.segments)}\u0000${e.message}`;
    if (!located.has(key)) located.set(key, { message: e.message, file: o.file, segments: o.segments, documentPointer: segmentsToPointer(e.segments) });
  }
  const sorted = [...located.values()].sort((a, b) => (a.file === b.file ? (segmentsToPointer(a.segments) < segmentsToPointer(b.segments) ? -1 : 1) : a.file === input.root ? -1 : b.file === input.root ? 1 : a.file < b.file ? -1 : 1));
  for (const e of sorted.slice(0, MAX_REPORTED)) {
    const pointer = segmentsToPointer(e.segments);
    const near = nearestLocatable(input, e.file, e.segments);
    const line = input.lines(e.file, near)?.[0];
    const elsewhere = e.file !== input.root ? ` (used at ${e.documentPointer || '/'})` : '';
    diagnostics.error('E_OPENAPI_INVALID', `${e.message} at ${pointer || '/'}${elsewhere}.`, { repo, file: e.file, pointer, ...(line !== undefined ? { line } : {}), hint: hintFor(e.message, version) });
  }
  if (sorted.length > MAX_REPORTED) {
    diagnostics.error('E_OPENAPI_INVALID', `${input.root}: ${sorted.length - MAX_REPORTED} more validation problems not listed.`, { repo, file: input.root, hint: 'Fix the listed problems first.' });
  }
  return { errors: sorted.length + (problem ? 1 : 0), version };
}

/** The deepest prefix of `segments` that exists in the file (a missing property has no line). */
function nearestLocatable(input: ValidationInput, file: string, segments: PathSegment[]): PathSegment[] {
  for (let n = segments.length; n >= 0; n--) {
    const prefix = segments.slice(0, n);
    if (input.lines(file, prefix)) return prefix;
  }
  return [];
}
