// YAML parsing for repository content with duplicate keys found in linear time. The `yaml`
// package checks `uniqueKeys` by comparing each new key with every earlier key of its mapping,
// so a mapping of n keys costs n² (10,000 OpenAPI paths: seconds of CPU; catalogue O7). Here
// the package parses without that check and one pass with a set per mapping reports the same
// DUPLICATE_KEY errors, at the same place, with the same message.

import { isScalar, LineCounter, parseAllDocuments, parseDocument, visit, YAMLParseError, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';

type Options = ParseOptions & DocumentOptions & SchemaOptions;

/** `parseDocument`, duplicate keys reported as errors when `uniqueKeys` is true (as `SAFE_YAML` says). */
export function parseYamlDocument(text: string, options: Options): Document.Parsed {
  const { unique, lineCounter, rest } = split(options);
  const doc = parseDocument(text, rest);
  if (unique) addDuplicateKeyErrors(doc, text, lineCounter, rest.prettyErrors !== false);
  return doc;
}

/** `parseAllDocuments`, likewise. */
export function parseYamlDocuments(text: string, options: Options): Document.Parsed[] {
  const { unique, lineCounter, rest } = split(options);
  const parsed = parseAllDocuments(text, rest);
  const docs = (Array.isArray(parsed) ? parsed : []) as Document.Parsed[];
  if (unique) for (const doc of docs) addDuplicateKeyErrors(doc, text, lineCounter, rest.prettyErrors !== false);
  return docs;
}

function split(options: Options) {
  const unique = options.uniqueKeys !== false;
  // A line counter is needed to place the errors; the caller's one when it passed one.
  const lineCounter = options.lineCounter ?? new LineCounter();
  return { unique, lineCounter, rest: { ...options, uniqueKeys: false, lineCounter } };
}

function addDuplicateKeyErrors(doc: Document.Parsed, text: string, lineCounter: LineCounter, pretty: boolean): void {
  const found: YAMLParseError[] = [];
  visit(doc, {
    Map(_key, map) {
      // Equal as the package compares them: scalar keys by value; other keys are never equal.
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (!seen.has(pair.key.value)) {
          seen.add(pair.key.value);
          continue;
        }
        const at = pair.key.range?.[0];
        if (at === undefined) continue;
        const error = new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique');
        if (pretty) prettify(error, text, lineCounter);
        else error.linePos = [lineCounter.linePos(at), lineCounter.linePos(at + 1)];
        found.push(error);
      }
    },
  });
  if (found.length === 0) return;
  // In document order among the other errors, as the package reports them.
  doc.errors.push(...found);
  doc.errors.sort((a, b) => a.pos[0] - b.pos[0]);
}

/** The package's own `prettifyError` (yaml 2.x `errors.js`, ISC licence), which it does not export. */
function prettify(error: YAMLParseError, src: string, lc: LineCounter): void {
  const linePos = [lc.linePos(error.pos[0]), lc.linePos(error.pos[1])] as [{ line: number; col: number }, { line: number; col: number }];
  error.linePos = linePos;
  const { line, col } = linePos[0];
  error.message += ` at line ${line}, column ${col}`;
  let ci = col - 1;
  let lineStr = src.substring(lc.lineStarts[line - 1]!, lc.lineStarts[line]).replace(/[\n\r]+$/, '');
  if (ci >= 60 && lineStr.length > 80) {
    const trimStart = Math.min(ci - 39, lineStr.length - 79);
    lineStr = '…' + lineStr.substring(trimStart);
    ci -= trimStart - 1;
  }
  if (lineStr.length > 80) lineStr = lineStr.substring(0, 79) + '…';
  if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
    let prev = src.substring(lc.lineStarts[line - 2]!, lc.lineStarts[line - 1]);
    if (prev.length > 80) prev = prev.substring(0, 79) + '…\n';
    lineStr = prev + lineStr;
  }
  if (/[^ ]/.test(lineStr)) {
    let count = 1;
    const end = linePos[1];
    if (end.line === line && end.col > col) count = Math.max(1, Math.min(end.col - col, 80 - ci));
    error.message += `:\n\n${lineStr}\n${' '.repeat(ci)}${'^'.repeat(count)}\n`;
  }
}
