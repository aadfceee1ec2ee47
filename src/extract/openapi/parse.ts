// Parses one spec file (YAML or JSON) into a plain value plus a locator that maps a JSON path to
// the 1-based line range of that node in the file. JSON goes through `JSON.parse` (fast) and
// `jsonc-parser`'s tree only for positions; YAML through `yaml`'s Document with the hardened options
// of RELIABILITY §1.3/§6. Never throws: every failure becomes a diagnostic and a null result.

import { parseTree, findNodeAtLocation, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node as YamlNode } from 'yaml';
import type { Diagnostics } from '../../model/diagnostics.ts';
import { endLineAt, lineAt, lineStarts } from '../source-lines.ts';
import { SAFE_YAML } from '../yaml-options.ts';

/** Spec files above this size are not parsed (O7). */
export const MAX_SPEC_BYTES = 20 * 1024 * 1024;
/** yaml's alias heuristic limit (count × nested aliases); see `toValue` for the linear fallback. */
const MAX_ALIAS_COUNT = 50;
/** Expanded node budget for documents whose aliases only repeat small alias-free nodes. */
const MAX_EXPANDED_NODES = 2_000_000;

export type PathSegment = string | number;

export interface ParsedSpecFile {
  path: string;
  format: 'yaml' | 'json';
  value: unknown;
  /** Line range of the node at `segments` (from its key to the end of its value), or null. */
  locate(segments: readonly PathSegment[]): [number, number] | null;
}

interface Located {
  repo: string;
  path: string;
  diagnostics: Diagnostics;
}

/** Line range for [start, end), trailing whitespace trimmed. */
function rangeLines(text: string, starts: number[], start: number, end: number): [number, number] {
  return [lineAt(starts, start), endLineAt(text, starts, start, end)];
}

export function isJsonPath(path: string): boolean {
  return /\.json$/i.test(path);
}

export function parseSpecFile(text: string, at: Located): ParsedSpecFile | null {
  if (text.length > MAX_SPEC_BYTES) {
    at.diagnostics.error('E_OPENAPI_TOO_LARGE', `${at.path} is ${(text.length / 1048576).toFixed(1)} MB; OpenAPI files over 20 MB are not read.`, {
      repo: at.repo,
      file: at.path,
      hint: 'Split the specification into smaller files joined with $ref, or exclude it in livewiki config.',
    });
    return null;
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return isJsonPath(at.path) ? parseJson(body, at) : parseYaml(body, at);
  } catch (error) {
    // RangeError on deep nesting (Y2) and anything else: located as well as we can, never fatal.
    const e = error as Error;
    at.diagnostics.error('E_OPENAPI_PARSE', `${at.path} could not be parsed: ${e instanceof RangeError ? 'nesting too deep' : e.message}`, {
      repo: at.repo,
      file: at.path,
      hint: 'Check the file is valid YAML/JSON and not nested thousands of levels deep.',
    });
    return null;
  }
}

function parseJson(text: string, at: Located): ParsedSpecFile | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const errors: ParseError[] = [];
    parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
    const first = errors[0];
    const starts = lineStarts(text);
    at.diagnostics.error('E_JSON_PARSE', `${at.path} is not valid JSON: ${first ? printParseErrorCode(first.error) : (error as Error).message}`, {
      repo: at.repo,
      file: at.path,
      ...(first ? { line: lineAt(starts, first.offset), column: first.offset - (starts[lineAt(starts, first.offset) - 1] ?? 0) + 1 } : {}),
      hint: 'Fix the JSON syntax at the given line (a missing comma or quote is the usual cause).',
    });
    return null;
  }
  let tree: JsonNode | undefined;
  let starts: number[] | null = null;
  return {
    path: at.path,
    format: 'json',
    value,
    locate(segments) {
      // Positions are only needed once pages are built, so the tree is built lazily.
      tree ??= parseTree(text, [], { allowTrailingComma: false, disallowComments: true });
      starts ??= lineStarts(text);
      if (!tree) return null;
      const node = segments.length === 0 ? tree : findNodeAtLocation(tree, [...segments]);
      if (!node) return null;
      const from = node.parent?.type === 'property' ? node.parent.offset : node.offset;
      return rangeLines(text, starts, from, node.offset + node.length);
    },
  };
}

function parseYaml(text: string, at: Located): ParsedSpecFile | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...SAFE_YAML, lineCounter });
  if (doc.errors.length > 0) {
    for (const e of doc.errors.slice(0, 10)) {
      const pos = e.linePos?.[0];
      at.diagnostics.error('E_YAML_PARSE', `${at.path}: ${e.message.split('\n')[0]}`, {
        repo: at.repo,
        file: at.path,
        ...(pos ? { line: pos.line, column: pos.col } : {}),
        hint: e.code === 'DUPLICATE_KEY' ? 'Remove or rename the duplicated key.' : 'Fix the YAML syntax at the given line.',
      });
    }
    return null;
  }
  const value = toValue(doc, at);
  if (value === undefined) return null;
  let starts: number[] | null = null;
  return {
    path: at.path,
    format: 'yaml',
    value,
    locate(segments) {
      starts ??= lineStarts(text);
      const found = findYamlNode(doc, segments);
      if (!found?.node.range) return null;
      const from = found.keyStart ?? found.node.range[0];
      return rangeLines(text, starts, from, found.node.range[1]);
    },
  };
}

/**
 * Counts the nodes the document would have with every alias expanded (memoised per node).
 * An alias means the closest anchor of its name *before* it (YAML 1.2 §3.2.2.2), so anchors are
 * tracked in one pass in document order: a redefined anchor cannot hide a bomb behind a small
 * first definition (RELIABILITY D4), and `Alias.resolve`, which walks the whole document on each
 * call, is never needed.
 */
export function expandedSize(doc: Document, limit: number): number {
  const targets = new Map<unknown, unknown>();
  const latest = new Map<string, unknown>();
  visit(doc, (_key, node) => {
    if (isAlias(node)) targets.set(node, latest.get(node.source) ?? null);
    else if ((isMap(node) || isSeq(node) || isScalar(node)) && node.anchor) latest.set(node.anchor, node);
  });
  const memo = new Map<unknown, number>();
  const size = (node: unknown, depth: number): number => {
    if (depth > 10_000) return limit + 1;
    if (isAlias(node)) {
      const target = targets.get(node);
      return target ? size(target, depth + 1) : 1;
    }
    if (isMap(node) || isSeq(node)) {
      const known = memo.get(node);
      if (known !== undefined) return known;
      let total = 1;
      for (const item of node.items) {
        total += isPair(item) ? size(item.value, depth + 1) : size(item, depth + 1);
        if (total > limit) break;
      }
      memo.set(node, total);
      return total;
    }
    return 1;
  };
  return size(doc.contents, 0);
}

function toValue(doc: Document, at: Located): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError) || !/alias/i.test(error.message)) throw error;
  }
  // Generated specs repeat one small anchor many times (langfuse: 155 × `*ref_0`), which trips
  // yaml's heuristic although it expands linearly. Accept it only when the fully expanded tree
  // stays small; a billion-laughs document blows the budget within a few levels.
  const expanded = expandedSize(doc, MAX_EXPANDED_NODES);
  if (expanded > MAX_EXPANDED_NODES) {
    at.diagnostics.error('E_YAML_ALIASES', `${at.path}: YAML aliases expand to more than ${MAX_EXPANDED_NODES.toLocaleString('en')} nodes (alias bomb?); not read.`, {
      repo: at.repo,
      file: at.path,
      hint: 'Replace nested YAML anchors/aliases with $ref or plain copies.',
    });
    return undefined;
  }
  return doc.toJS({ maxAliasCount: -1 });
}

function findYamlNode(doc: Document, segments: readonly PathSegment[]): { node: YamlNode; keyStart: number | null } | null {
  let node: unknown = doc.contents;
  let keyStart: number | null = null;
  for (const seg of segments) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : p.key) === String(seg));
      if (!pair) return null;
      keyStart = isScalar(pair.key) && pair.key.range ? pair.key.range[0] : null;
      node = pair.value;
    } else if (isSeq(node)) {
      node = node.items[Number(seg)];
      keyStart = null;
    } else return null;
  }
  if (isAlias(node)) node = node.resolve(doc) ?? node;
  return node && typeof node === 'object' && 'range' in node ? { node: node as YamlNode, keyStart } : null;
}
