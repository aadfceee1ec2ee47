// The resolved document as plain data, for any stage that needs a spec the way its authors' tools
// read it (the pages here, semantic change classification elsewhere): one document with every
// `$ref` resolved (see resolve.ts), where each part is written (file, JSON pointer, lines), the
// files it is made of, and what went wrong while reading it.

import { Diagnostics, type Diagnostic } from '../../model/diagnostics.ts';
import { pointerToSegments, SpecFiles, type RepoFiles } from './refs.ts';
import { resolveDocument } from './resolve.ts';
import type { SourceMap, SourceOrigin } from './source-map.ts';
import type { SpecVersion } from './validate.ts';

export interface ResolvedSpec {
  root: string;
  /** Declared version (2.0, 3.0, 3.1, 3.2); null when the root is not a mapping. */
  version: SpecVersion | null;
  /** The whole spec with `$ref`s resolved; refs to named schemas stay refs (`#/components/schemas/…`). Null when the root cannot be read. */
  document: Record<string, unknown> | null;
  /** JSON pointer in `document` → where that node is written, with lines; a pointer's origin is its longest listed prefix (see `originOf`). */
  sourceMap: SourceMap;
  /** Every repository file the spec is made of, root first. */
  files: string[];
  /** Unreadable files, refs refused or broken, cycles, budgets; located in the file that holds them. */
  diagnostics: Diagnostic[];
}

export interface ResolveSpecOptions {
  /** Hosts a `$ref` URL may name without being called unknown; nothing is ever fetched. */
  allowedRefHosts?: string[];
}

export function resolveSpec(files: RepoFiles, root: string, options: ResolveSpecOptions = {}): ResolvedSpec {
  const diagnostics = new Diagnostics();
  const spec = new SpecFiles(files, root, diagnostics, options.allowedRefHosts ?? []);
  const parsed = spec.file(root);
  const value = parsed?.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    if (parsed) diagnostics.error('E_OPENAPI_INVALID', `${root}: the document is not a mapping/object.`, { repo: files.repo, file: root, line: 1, hint: 'An OpenAPI document starts with keys such as openapi:, info:, paths:.' });
    return { root, version: null, document: null, sourceMap: {}, files: spec.loadedFiles(), diagnostics: diagnostics.items };
  }
  const resolution = resolveDocument(spec, value as Record<string, unknown>, diagnostics);
  const withLines = (o: SourceOrigin): SourceOrigin => {
    const lines = spec.lines({ file: o.file, segments: pointerToSegments(o.pointer) ?? [] });
    return lines ? { ...o, lines } : o;
  };
  const sourceMap: SourceMap = {};
  for (const [pointer, entry] of Object.entries(resolution.sourceMap)) {
    sourceMap[pointer] = { ...entry, ...withLines(entry), ...(entry.refs ? { refs: entry.refs.map(withLines) } : {}) };
  }
  const loaded = spec.loadedFiles().filter((f) => f !== root);
  return { root, version: resolution.version, document: resolution.document, sourceMap, files: [root, ...loaded], diagnostics: diagnostics.items };
}
