// JSON and JSONC: jsonc-parser gives a tree with offsets (comments and trailing commas allowed),
// so values are shown as written (big integers keep their digits) with exact lines.

import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { isSecretContainerKey, isSecretKey } from '../../secrets/index.ts';
import { commentAbove, emptyParsed, indexKey, joinKey, problem, safeText, safeValue, SLASH_COMMENT, type ParseContext, type ParsedConfig } from './model.ts';
import { endLineAt, lineAt, lineStarts } from '../source-lines.ts';
import { MAX_DEPTH, MAX_ENTRIES } from './yaml.ts';

/** Nesting the parser is given; deeper documents overflow its recursion (JSONTestSuite's 100,000 `[`). */
const MAX_NESTING = 10_000;

/** Offset where brackets (outside strings) first nest deeper than `limit`, or -1. */
function tooDeepAt(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

export function parseJson(ctx: ParseContext): ParsedConfig {
  const out = emptyParsed();
  const { text } = ctx;
  const errors: ParseError[] = [];
  const starts = lineStarts(text);
  const deep = tooDeepAt(text, MAX_NESTING);
  if (deep >= 0) {
    const line = lineAt(starts, deep);
    problem(ctx, out, 'error', 'E_JSON_PARSE', `This JSON file nests deeper than ${MAX_NESTING} levels; it is not read.`, { line, column: deep - (starts[line - 1] ?? 0) + 1 });
    return out;
  }
  let root: JsonNode | undefined;
  try {
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch (error) {
    problem(ctx, out, 'error', 'E_JSON_PARSE', `This JSON file could not be parsed: ${(error as Error).message}`);
    return out;
  }
  for (const e of errors.slice(0, 20)) {
    const line = lineAt(starts, e.offset);
    problem(ctx, out, 'error', 'E_JSON_PARSE', `Invalid JSON: ${printParseErrorCode(e.error)}.`, { line, column: e.offset - (starts[line - 1] ?? 0) + 1 });
  }
  const lines = text.split(/\r?\n/);
  const seen = new Map<string, number>();
  const visit = (node: JsonNode, path: string, keyName: string, level: number, secretParent: boolean, start: number, end: number) => {
    if (out.entries.length >= MAX_ENTRIES) return;
    const line = lineAt(starts, start);
    const empty = (node.type === 'object' || node.type === 'array') && (node.children?.length ?? 0) === 0;
    const raw = node.type === 'object' || node.type === 'array' ? (empty ? text.slice(node.offset, node.offset + node.length) : '') : text.slice(node.offset, node.offset + node.length);
    const d = commentAbove(lines, line, start - (starts[line - 1] ?? 0), SLASH_COMMENT);
    if (path !== '') {
      if (seen.has(path)) problem(ctx, out, 'error', 'E_JSON_DUPLICATE_KEY', `Key "${path}" appears twice (first on line ${seen.get(path)}).`, { line });
      seen.set(path, line);
      out.entries.push({
        key: path,
        level,
        type: node.type === 'array' ? 'list' : node.type === 'object' ? 'map' : node.type,
        value: raw === '' ? '' : safeValue(keyName, raw, { secretReason: secretParent ? 'secret-key' : null, secretFile: ctx.secretFile }),
        description: d.description,
        defaultText: '',
        lines: [line, endLineAt(text, starts, start, end)],
      });
    }
    if (level + 1 >= MAX_DEPTH) return;
    const childSecret = secretParent || (path !== '' && isSecretContainerKey(keyName));
    if (node.type === 'object') {
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || !v) continue;
        const name = String(k.value);
        visit(v, joinKey(path, safeText(name)), name, path === '' ? 0 : level + 1, childSecret, prop.offset, prop.offset + prop.length);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => visit(child, indexKey(path, i), keyName, path === '' ? 0 : level + 1, childSecret, child.offset, child.offset + child.length));
    }
  };
  if (root) visit(root, '', '', -1, false, root.offset, root.offset + root.length);
  return out;
}
