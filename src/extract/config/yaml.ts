// YAML files (plain, Helm values, Kubernetes, compose, workflows) → key entries with exact
// lines, comments and source-text values (RELIABILITY §1.3, §6 "YAML"): YAML 1.2 core schema,
// no merge keys, unique keys, alias expansion bounded, nesting depth bounded, any thrown error
// located. Values are never re-serialized for display.

import { isAlias, isMap, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';
import { isSecretContainerKey, isSecretKey } from '../../secrets/index.ts';
import { commentAbove, emptyParsed, indexKey, joinKey, problem, safeText, safeValue, trailingComment, type ConfigEntry, type ParseContext, type ParsedConfig } from './model.ts';
import { endLineAt, lineAt, lineStarts } from '../source-lines.ts';
import { SAFE_YAML } from '../yaml-options.ts';
import { parseYamlDocuments } from '../yaml-parse.ts';

export const MAX_ALIAS_COUNT = 50;
/** Deeper nesting is summarized, not walked (a 5,000-deep document must not blow the stack). */
export const MAX_DEPTH = 40;
export const MAX_ENTRIES = 20_000;

export interface YamlDoc {
  /** Plain data (`toJS`) or undefined when it could not be built (alias bomb, errors). */
  data: unknown;
  /** `Kind/namespace/name` for Kubernetes-style documents. */
  label: string;
  /** Key prefix for this document's entries ('' for single-document files). */
  prefix: string;
  lines: [number, number];
  /** Entry per key path of this document. */
  entries: Map<string, ConfigEntry>;
}

export interface YamlParse {
  parsed: ParsedConfig;
  docs: YamlDoc[];
}

/** `Kind/namespace/name` (or `Kind/name`) when the document looks like a Kubernetes object. */
export function objectLabel(data: unknown): string {
  if (!isRecord(data) || typeof data.kind !== 'string') return '';
  const meta = isRecord(data.metadata) ? data.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : typeof meta.generateName === 'string' ? `${meta.generateName}*` : '';
  if (name === '') return '';
  const ns = typeof meta.namespace === 'string' ? meta.namespace : '';
  return ns === '' ? `${data.kind}/${name}` : `${data.kind}/${ns}/${name}`;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
}

// Keys of a Kubernetes Secret whose values are not secret.
const SECRET_DOC_PUBLIC = /^(apiVersion|kind|type|metadata\.(name|namespace|labels\..*|generateName))$/;

export function parseYaml(ctx: ParseContext): YamlParse {
  const out = emptyParsed();
  const docs: YamlDoc[] = [];
  const { text } = ctx;
  const lc = new LineCounter();
  let documents: Document.Parsed[];
  try {
    documents = parseYamlDocuments(text, { ...SAFE_YAML, lineCounter: lc });
    if (!Array.isArray(documents)) documents = [];
  } catch (error) {
    problem(ctx, out, 'error', 'E_YAML_PARSE', `This YAML file could not be parsed: ${firstLine((error as Error).message)}`);
    return { parsed: out, docs };
  }
  const starts = lineStarts(text);
  const lines = text.split(/\r?\n/);
  const nonEmpty = documents.filter((d) => d.contents !== null);
  for (const doc of documents) {
    for (const e of doc.errors) {
      const pos = e.linePos?.[0];
      const code = e.code === 'DUPLICATE_KEY' ? 'E_YAML_DUPLICATE_KEY' : e.code === 'RESOURCE_EXHAUSTION' ? 'E_YAML_TOO_DEEP' : 'E_YAML_PARSE';
      problem(ctx, out, 'error', code, firstLine(e.message), pos ? { line: pos.line, column: pos.col } : {});
    }
  }
  let index = 0;
  for (const doc of nonEmpty) {
    index++;
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const isAliasBomb = /alias/i.test((error as Error).message);
      const where = firstAliasLine(doc.contents, starts);
      problem(
        ctx,
        out,
        'error',
        isAliasBomb ? 'E_YAML_ALIASES' : 'E_YAML_PARSE',
        isAliasBomb
          ? `This YAML document expands aliases more than ${MAX_ALIAS_COUNT} times (a resource exhaustion pattern); its values are shown as written.`
          : `This YAML document could not be read: ${firstLine((error as Error).message)}`,
        where === null ? {} : { line: where },
      );
      data = undefined;
    }
    const label = objectLabel(data);
    const prefix = nonEmpty.length > 1 ? `${label || `doc${index}`}:` : '';
    const range = doc.contents?.range;
    const docLines: [number, number] = range ? [lineAt(starts, range[0]), endLineAt(text, starts, range[0], range[1])] : [1, 1];
    const yd: YamlDoc = { data, label, prefix, lines: docLines, entries: new Map() };
    const secretDoc = isRecord(data) && data.kind === 'Secret';
    const walker = new Walker(ctx, out, lines, starts, yd, secretDoc);
    try {
      walker.walk(doc.contents, '', 0, false);
    } catch (error) {
      problem(ctx, out, 'error', 'E_YAML_PARSE', `This YAML document could not be walked: ${firstLine((error as Error).message)}`);
    }
    docs.push(yd);
  }
  return { parsed: out, docs };
}

function firstAliasLine(node: unknown, starts: number[]): number | null {
  const stack: unknown[] = [node];
  let seen = 0;
  while (stack.length > 0 && seen++ < 100_000) {
    const n = stack.pop();
    if (isAlias(n)) return n.range ? lineAt(starts, n.range[0]) : null;
    if (isMap(n)) for (const p of [...n.items].reverse()) stack.push(p.value, p.key);
    else if (isSeq(n)) for (const i of [...n.items].reverse()) stack.push(i);
  }
  return null;
}

function scalarType(node: Node): string {
  if (isAlias(node)) return 'alias';
  // Custom tags (`!Ref`, `!GetAtt`, `!reference`) are shown, never resolved.
  if (node.tag && !node.tag.startsWith('tag:yaml.org,2002:')) return node.tag;
  if (isMap(node)) return 'map';
  if (isSeq(node)) return 'list';
  if (isScalar(node)) {
    if (node.tag && !node.tag.startsWith('tag:yaml.org,2002:')) return node.tag;
    const v = node.value;
    if (v === null) return 'null';
    if (typeof v === 'boolean') return 'bool';
    if (typeof v === 'number' || typeof v === 'bigint') return Number.isInteger(v) && node.format !== 'EXP' && !/[.eE]/.test(String(node.source ?? v)) ? 'int' : 'float';
    return 'string';
  }
  return 'unknown';
}

class Walker {
  private readonly ctx: ParseContext;
  private readonly out: ParsedConfig;
  private readonly lines: string[];
  private readonly starts: number[];
  private readonly doc: YamlDoc;
  private readonly secretDoc: boolean;
  private deepReported = false;
  private fullReported = false;

  constructor(ctx: ParseContext, out: ParsedConfig, lines: string[], starts: number[], doc: YamlDoc, secretDoc: boolean) {
    this.ctx = ctx;
    this.out = out;
    this.lines = lines;
    this.starts = starts;
    this.doc = doc;
    this.secretDoc = secretDoc;
  }

  walk(node: unknown, path: string, level: number, secretParent: boolean): void {
    if (isMap(node)) {
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        const keyName = isScalar(keyNode) ? String(keyNode.value) : keyNode?.range ? this.ctx.text.slice(keyNode.range[0], keyNode.range[1]) : '';
        const value = pair.value as Node | null;
        // Kubernetes env lists: `- name: DB_PASSWORD` / `value: …` hide the secret under `value`.
        const siblingName = keyName === 'value' ? node.items.find((p) => isScalar(p.key) && p.key.value === 'name') : undefined;
        const secretByName = siblingName !== undefined && isScalar(siblingName.value) && isSecretKey(String(siblingName.value.value));
        const start = keyNode?.range?.[0] ?? value?.range?.[0] ?? 0;
        const end = value?.range?.[1] ?? keyNode?.range?.[1] ?? start;
        const key = joinKey(path, safeText(keyName));
        this.add(key, keyName, value, start, end, level, secretParent || secretByName);
        if (level + 1 < MAX_DEPTH) this.walk(value, key, level + 1, secretParent || isSecretContainerKey(keyName) || secretByName);
        else this.tooDeep(value, start);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const n = item as Node | null;
        const start = n?.range?.[0] ?? 0;
        const key = indexKey(path, i);
        const lastSegment = /([^.\]]+)(\[\d+\])*$/.exec(path)?.[1] ?? '';
        this.add(key, lastSegment, n, start, n?.range?.[1] ?? start, level, secretParent);
        if (level + 1 < MAX_DEPTH) this.walk(n, key, level + 1, secretParent);
        else this.tooDeep(n, start);
      });
    }
  }

  private tooDeep(node: unknown, offset: number): void {
    if (!(isMap(node) || isSeq(node)) || node.items.length === 0 || this.deepReported) return;
    this.deepReported = true;
    problem(this.ctx, this.out, 'warning', 'W_CONFIG_TOO_DEEP', `Keys nested deeper than ${MAX_DEPTH} levels are not listed.`, { line: lineAt(this.starts, offset) });
  }

  private add(key: string, keyName: string, value: Node | null, start: number, end: number, level: number, secretParent: boolean): void {
    if (this.out.entries.length >= MAX_ENTRIES) {
      if (!this.fullReported) {
        this.fullReported = true;
        problem(this.ctx, this.out, 'warning', 'W_CONFIG_TOO_MANY_KEYS', `Only the first ${MAX_ENTRIES} keys are listed.`);
      }
      return;
    }
    const { text } = this.ctx;
    const line = lineAt(this.starts, start);
    const column = start - (this.starts[line - 1] ?? 0);
    const type = value ? scalarType(value) : 'null';
    let raw = '';
    let trailing = '';
    if (value && value.range && (isScalar(value) || isAlias(value) || ((isMap(value) || isSeq(value)) && value.items.length === 0))) {
      raw = text.slice(value.range[0], value.range[1]).replace(/\s+$/, '');
      if (isScalar(value)) trailing = trailingComment(text, value.range[1]);
    }
    const fullKey = this.doc.prefix + key;
    const secretReason = this.secretDoc && !SECRET_DOC_PUBLIC.test(key) ? 'kubernetes-secret' : secretParent ? 'secret-key' : null;
    const described = commentAbove(this.lines, line, column);
    const entry: ConfigEntry = {
      key: fullKey,
      level,
      type: described.typeHint || type,
      value: raw === '' ? '' : safeValue(keyName, raw, { secretReason, secretFile: this.ctx.secretFile }),
      description: described.description || trailing,
      defaultText: described.defaultText,
      lines: [line, endLineAt(text, this.starts, start, Math.max(end, start + 1))],
    };
    this.out.entries.push(entry);
    this.doc.entries.set(key, entry);
  }
}
