// `$ref` resolution confined to the repository (RELIABILITY §1.4, O1/O2): every file is read through
// `RepoFiles.read` only; a ref with a scheme, a network path, an absolute path or one that climbs
// out of the repository is an error naming the ref and where it is, and is never followed.

import type { Diagnostics } from '../../model/diagnostics.ts';
import type { RepoFiles } from '../../model/snapshot.ts';
import { parseSpecFile, type ParsedSpecFile, type PathSegment } from './parse.ts';

/** The repository's files; a path `read` answers null for is treated as outside the repository. */
export type { RepoFiles } from '../../model/snapshot.ts';

/** What one spec may read in all: its files together, and how many (each is capped by parse.ts too). */
export const MAX_SPEC_TOTAL_BYTES = 100 * 1024 * 1024;
export const MAX_SPEC_FILES = 20_000;

/** A node inside one of the spec's files. */
export interface NodeLocation {
  file: string;
  segments: PathSegment[];
}

export interface Resolved extends NodeLocation {
  value: unknown;
}

export function dirOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

/** `a/b/../c` → `a/c`; null when it climbs above the root. */
export function normalizePath(path: string): string | null {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

export function pointerToSegments(pointer: string): PathSegment[] | null {
  if (pointer === '' || pointer === '/') return pointer === '' ? [] : [''];
  if (!pointer.startsWith('/')) return null;
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function segmentsToPointer(segments: readonly PathSegment[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

export function getAt(value: unknown, segments: readonly PathSegment[]): unknown {
  let node = value;
  for (const seg of segments) {
    if (Array.isArray(node)) node = node[Number(seg)];
    else if (node && typeof node === 'object' && Object.hasOwn(node, String(seg))) node = (node as Record<string, unknown>)[String(seg)];
    else return undefined;
  }
  return node;
}

export type RefProblem = 'external' | 'outside' | 'missing' | 'unparsable' | 'invalid' | 'notread';

/** The files of one spec (root + `$ref`ed fragments), parsed once, with confined ref resolution. */
export class SpecFiles {
  readonly root: string;
  readonly files: RepoFiles;
  readonly diagnostics: Diagnostics;
  readonly allowedRefHosts: string[];
  private readonly parsed = new Map<string, ParsedSpecFile | null>();
  private readonly reported = new Set<string>();
  private bytes = 0;
  private overBudget = false;
  private trackedSet: Set<string> | null = null;

  constructor(files: RepoFiles, root: string, diagnostics: Diagnostics, allowedRefHosts: string[] = [], rootParsed?: ParsedSpecFile | null) {
    this.files = files;
    this.root = root;
    this.diagnostics = diagnostics;
    this.allowedRefHosts = allowedRefHosts;
    if (rootParsed !== undefined) this.parsed.set(root, rootParsed);
  }

  /** Parsed file, or null (unreadable/unparsable; diagnostics already recorded). */
  file(path: string): ParsedSpecFile | null {
    if (this.parsed.has(path)) return this.parsed.get(path) ?? null;
    if (this.overBudget) return null;
    const text = this.files.read(path);
    if (text !== null) {
      this.bytes += text.length;
      if (this.bytes > MAX_SPEC_TOTAL_BYTES || this.parsed.size >= MAX_SPEC_FILES) {
        this.overBudget = true;
        this.diagnostics.error('E_OPENAPI_TOO_LARGE', `${this.root}: the files this specification $refs add up to more than ${MAX_SPEC_FILES.toLocaleString('en')} files or ${MAX_SPEC_TOTAL_BYTES / 1048576} MB; ${path} and the files after it are not read.`, {
          repo: this.files.repo,
          file: path,
          hint: 'Split the repository into smaller specifications, or exclude generated files in livewiki config.',
        });
        return null;
      }
    }
    const parsed = text === null ? null : parseSpecFile(text, { repo: this.files.repo, path, diagnostics: this.diagnostics });
    this.parsed.set(path, parsed);
    return parsed;
  }

  private tracked(): Set<string> {
    this.trackedSet ??= new Set(this.files.paths);
    return this.trackedSet;
  }

  /** Every file read so far that parsed, sorted (the spec's sources). */
  loadedFiles(): string[] {
    return [...this.parsed.entries()].filter(([, p]) => p !== null).map(([path]) => path).sort();
  }

  lines(loc: NodeLocation): [number, number] | null {
    return this.file(loc.file)?.locate(loc.segments) ?? null;
  }

  /**
   * Resolves `ref` found at `at`. Problems are reported once per (ref, location) and give null;
   * nothing outside `files.read` is ever consulted.
   */
  resolve(ref: string, at: NodeLocation): Resolved | null {
    const target = this.target(ref, at);
    if (!target.ok) {
      this.report(target.problem, ref, at, target.detail);
      return null;
    }
    const parsed = this.file(target.file);
    if (!parsed) {
      // Not tracked at all: missing. Tracked but unreadable: a symlink (outside), or a file that is
      // not YAML or JSON (Markdown, code samples), which extractors are not given.
      const tracked = this.tracked().has(target.file);
      const problem: RefProblem = this.files.read(target.file) !== null ? 'unparsable' : !tracked ? 'missing' : /\.(ya?ml|json)$/i.test(target.file) ? 'outside' : 'notread';
      this.report(problem, ref, at, problem === 'missing' ? `${target.file} is not a file of the repository` : target.file);
      return null;
    }
    const value = getAt(parsed.value, target.segments);
    if (value === undefined) {
      this.report('missing', ref, at, `${target.file}#${segmentsToPointer(target.segments)}`);
      return null;
    }
    return { file: target.file, segments: target.segments, value };
  }

  /** Like `resolve`, but silent: for a `$ref` that may be literal data (an example showing a JSON Reference). */
  peek(ref: string, at: NodeLocation): Resolved | null {
    const target = this.target(ref, at);
    if (!target.ok || this.files.read(target.file) === null) return null;
    const parsed = this.file(target.file);
    const value = parsed ? getAt(parsed.value, target.segments) : undefined;
    return value === undefined ? null : { file: target.file, segments: target.segments, value };
  }

  /** Where a ref points, without reading anything. */
  target(ref: string, at: NodeLocation): { ok: true; file: string; segments: PathSegment[] } | { ok: false; problem: RefProblem; detail: string } {
    if (typeof ref !== 'string' || ref.length > 2000 || /[\u0000-\u001f]/.test(ref)) return { ok: false, problem: 'invalid', detail: 'not a usable reference string' };
    const hash = ref.indexOf('#');
    const pathPart = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash + 1);
    if (/^[a-z]:[\\/]/i.test(pathPart)) return { ok: false, problem: 'outside', detail: 'absolute path' };
    if (/^[a-z][a-z0-9+.-]*:/i.test(pathPart) || pathPart.startsWith('//') || pathPart.startsWith('\\\\')) {
      const host = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(pathPart)?.[1]?.toLowerCase() ?? '';
      const allowed = host !== '' && this.allowedRefHosts.map((h) => h.toLowerCase()).includes(host);
      return { ok: false, problem: 'external', detail: allowed ? 'host is allow-listed, but livewiki never fetches during a build' : 'URL' };
    }
    const decodedPath = decode(pathPart);
    const decodedFragment = decode(fragment);
    if (decodedPath === null || decodedFragment === null) return { ok: false, problem: 'invalid', detail: 'bad percent-encoding' };
    let file = at.file;
    if (decodedPath !== '') {
      if (decodedPath.startsWith('/') || /^[a-z]:[\\/]/i.test(decodedPath) || decodedPath.includes('\\')) return { ok: false, problem: 'outside', detail: 'absolute path' };
      const dir = dirOf(at.file);
      const normalized = normalizePath(dir === '' ? decodedPath : `${dir}/${decodedPath}`);
      if (normalized === null || normalized === '') return { ok: false, problem: 'outside', detail: 'climbs out of the repository' };
      file = normalized;
    }
    const segments = pointerToSegments(decodedFragment);
    if (segments === null) return { ok: false, problem: 'invalid', detail: `fragment "#${fragment}" is not a JSON pointer` };
    return { ok: true, file, segments };
  }

  private report(problem: RefProblem, ref: string, at: NodeLocation, detail: string): void {
    const pointer = segmentsToPointer([...at.segments, '$ref']);
    const key = `${problem}\u0000${ref}\u0000${at.file}\u0000${pointer}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const line = this.lines({ file: at.file, segments: [...at.segments, '$ref'] })?.[0];
    const where = { repo: this.files.repo, file: at.file, pointer, ...(line !== undefined ? { line } : {}) };
    const shown = JSON.stringify(ref.slice(0, 200));
    switch (problem) {
      case 'external':
        this.diagnostics.error('E_OPENAPI_REF_EXTERNAL', `$ref ${shown} points to the network (${detail}); it is not fetched.`, {
          ...where,
          hint: 'Vendor the referenced document into the repository and use a relative $ref.',
        });
        break;
      case 'outside':
        this.diagnostics.error('E_OPENAPI_REF_OUTSIDE', `$ref ${shown} points outside the repository (${detail}); it is not read.`, {
          ...where,
          hint: 'Use a relative $ref to a tracked file inside the repository (no absolute paths, no "..", no symlinks).',
        });
        break;
      case 'missing':
        this.diagnostics.error('E_OPENAPI_REF_MISSING', `$ref ${shown} does not resolve (${detail.includes(' ') ? detail : `${detail} not found`}).`, {
          ...where,
          hint: 'Fix the JSON pointer or file name of the reference.',
        });
        break;
      case 'unparsable':
        this.diagnostics.error('E_OPENAPI_REF_UNPARSABLE', `$ref ${shown} points to ${detail}, which could not be parsed.`, {
          ...where,
          hint: 'Fix the referenced file (see its own diagnostic).',
        });
        break;
      case 'notread':
        this.diagnostics.warn('W_OPENAPI_REF_NOT_READ', `$ref ${shown} points to ${detail}, which is not YAML or JSON; livewiki reads only those, so it is shown as a reference.`, {
          ...where,
          hint: 'Put the text in a YAML file (e.g. `text: |`) and refer to it with a JSON pointer, or inline it.',
        });
        break;
      case 'invalid':
        this.diagnostics.error('E_OPENAPI_REF_INVALID', `$ref ${shown} is not a valid reference (${detail}).`, {
          ...where,
          hint: 'Use "#/json/pointer" or "relative/file.yaml#/json/pointer".',
        });
        break;
    }
  }
}

/**
 * Every `$ref` string in a value with the path where it sits (iterative, so deep documents
 * cannot overflow the stack; shared YAML alias nodes are visited once).
 */
export function collectRefs(value: unknown, limit = 200_000): { ref: string; segments: PathSegment[] }[] {
  const out: { ref: string; segments: PathSegment[] }[] = [];
  const seen = new Set<object>();
  const stack: { node: unknown; segments: PathSegment[] }[] = [{ node: value, segments: [] }];
  while (stack.length > 0 && out.length < limit) {
    const { node, segments } = stack.pop()!;
    if (!node || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], segments: [...segments, i] });
      continue;
    }
    const record = node as Record<string, unknown>;
    if (typeof record.$ref === 'string') out.push({ ref: record.$ref, segments });
    const keys = Object.keys(record);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      // Examples, defaults and enums are data, not spec structure: a `$ref` key inside them is literal text.
      if (k === '$ref' || k === 'example' || k === 'x-example' || k === 'enum' || k === 'const') continue;
      if (k === 'default' && segments[segments.length - 1] !== 'responses') continue;
      if (k === 'examples' && Array.isArray(record[k])) continue;
      if ((k === 'value' || k === 'dataValue') && segments[segments.length - 2] === 'examples') continue;
      stack.push({ node: record[k], segments: [...segments, k] });
    }
  }
  return out;
}
