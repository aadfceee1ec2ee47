// Turns spec objects into plain view data for the templates. Every string taken from the spec goes
// through `text()` (control characters removed, so our badge placeholder cannot be forged) and is
// escaped by Handlebars; Markdown goes through the sanitizing renderer; URLs through `safeUrl`.
// `$ref`s to named schemas become links (never expanded, so cycles and fan-out stay flat); other
// refs are inlined under a per-section node budget and recorded as sources of the section.

import type { SourceRef } from '../../model/page.ts';
import { renderMarkdownFragment } from './markdown.ts';
import type { PathSegment } from './parse.ts';
import { segmentsToPointer, type NodeLocation, type SpecFiles } from './refs.ts';
import type { SpecVersion } from './validate.ts';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Spec text for display: control characters removed (they are invalid in HTML anyway). */
export function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

export function md(v: unknown): string {
  return renderMarkdownFragment(text(v));
}

/** Only http(s)/mailto URLs become links; anything else (javascript:, data:) is shown as text. */
export function safeUrl(v: unknown): string | null {
  const s = text(v).trim();
  if (!/^(https?:\/\/|mailto:)/i.test(s) || /[\s"'<>`]/.test(s)) return null;
  return s;
}

const MAX_EXAMPLE_CHARS = 20_000;

/** Pretty JSON of an example value (escaped later by the template); bounded, never throws. */
export function exampleJson(value: unknown): string {
  let out: string;
  try {
    out = typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? String(value));
  } catch {
    return '(example not shown: it refers to itself)';
  }
  out = text(out);
  return out.length > MAX_EXAMPLE_CHARS ? `${out.slice(0, MAX_EXAMPLE_CHARS)}\n… (truncated)` : out;
}

export interface SchemaLink {
  name: string;
  anchor: string;
  /** Filled once pages are packed. */
  href: string;
}

export interface SchemaNode {
  name: string;
  required: boolean;
  type: string;
  /** Shared with the schema's entry, so hrefs set after page packing show up. */
  ref: SchemaLink | null;
  circular: boolean;
  deprecated: boolean;
  descriptionHtml: string;
  constraints: string[];
  children: SchemaNode[];
  hasChildren: boolean;
  open: boolean;
  note: string;
}

/** State for building one section: its sources and its node budget. */
export class SectionBuilder {
  readonly spec: SpecFiles;
  readonly version: SpecVersion;
  readonly schemaLinks: Map<string, SchemaLink>;
  private readonly sourceKeys = new Set<string>();
  readonly sources: SourceRef[] = [];
  budget: number;
  capped = false;

  constructor(spec: SpecFiles, version: SpecVersion, schemaLinks: Map<string, SchemaLink>, budget = 2000) {
    this.spec = spec;
    this.version = version;
    this.schemaLinks = schemaLinks;
    this.budget = budget;
  }

  addSource(loc: NodeLocation): void {
    const lines = this.spec.lines(loc);
    const key = `${loc.file}\u0000${lines?.join('-') ?? segmentsToPointer(loc.segments)}`;
    if (this.sourceKeys.has(key)) return;
    this.sourceKeys.add(key);
    this.sources.push({ repo: this.spec.files.repo, path: loc.file, ...(lines ? { lines } : {}), pointer: segmentsToPointer(loc.segments) });
  }

  /** Follows `$ref` chains (recording each target as a source); null when a ref is broken or loops. */
  deref(value: unknown, loc: NodeLocation): { value: unknown; loc: NodeLocation } | null {
    let current = { value, loc };
    const seen = new Set<string>();
    for (let hops = 0; isObj(current.value) && typeof current.value.$ref === 'string'; hops++) {
      if (hops > 20) return null;
      const resolved = this.spec.resolve(current.value.$ref, current.loc);
      if (!resolved) return null;
      const key = `${resolved.file}#${segmentsToPointer(resolved.segments)}`;
      if (seen.has(key)) return null;
      seen.add(key);
      this.addSource(resolved);
      current = { value: resolved.value, loc: { file: resolved.file, segments: resolved.segments } };
    }
    return current;
  }

  /** Target key of a ref (`file#pointer`) without reading it, or null. */
  refKey(ref: string, loc: NodeLocation): string | null {
    const t = this.spec.target(ref, loc);
    return t.ok ? `${t.file}#${segmentsToPointer(t.segments)}` : null;
  }

  schema(value: unknown, loc: NodeLocation, name = '', required = false, depth = 0, stack: string[] = []): SchemaNode {
    const node: SchemaNode = { name: text(name), required, type: '', ref: null, circular: false, deprecated: false, descriptionHtml: '', constraints: [], children: [], hasChildren: false, open: depth < 1, note: '' };
    if (--this.budget < 0) {
      this.capped = true;
      node.note = 'not expanded (size limit)';
      return node;
    }
    if (isObj(value) && typeof value.$ref === 'string') {
      const ref = value.$ref;
      const key = this.refKey(ref, loc);
      const link = key ? this.schemaLinks.get(key) : undefined;
      if (link) {
        node.ref = link;
        node.type = link.name;
        node.circular = stack.includes(key!);
        if (typeof value.description === 'string') node.descriptionHtml = md(value.description);
        return node;
      }
      if (key && stack.includes(key)) {
        node.circular = true;
        node.type = text(ref);
        node.note = 'circular reference';
        return node;
      }
      const resolved = this.spec.resolve(ref, loc);
      if (!resolved) {
        node.type = text(ref);
        node.note = 'unresolved reference';
        return node;
      }
      this.addSource(resolved);
      const inner = this.schema(resolved.value, { file: resolved.file, segments: resolved.segments }, name, required, depth, [...stack, key!]);
      if (typeof value.description === 'string') inner.descriptionHtml = md(value.description);
      return inner;
    }
    if (typeof value === 'boolean') {
      node.type = value ? 'any' : 'never';
      return node;
    }
    if (!isObj(value)) {
      node.type = 'any';
      return node;
    }
    const s = value;
    node.type = typeLabel(s);
    node.deprecated = s.deprecated === true;
    node.descriptionHtml = md(s.description);
    node.constraints = constraints(s, this.version);
    if (depth >= 10) {
      node.note = 'nested deeper than 10 levels; see the source';
      return node;
    }
    const child = (v: unknown, seg: PathSegment[], n: string, req = false) =>
      this.schema(v, { file: loc.file, segments: [...loc.segments, ...seg] }, n, req, depth + 1, stack);
    const requiredSet = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
    if (isObj(s.properties)) {
      for (const [k, v] of Object.entries(s.properties)) node.children.push(child(v, ['properties', k], k, requiredSet.has(k)));
    }
    if (s.items !== undefined && !Array.isArray(s.items)) node.children.push(child(s.items, ['items'], '[items]'));
    else if (Array.isArray(s.items)) s.items.forEach((v, i) => node.children.push(child(v, ['items', i], `[${i}]`)));
    if (Array.isArray(s.prefixItems)) s.prefixItems.forEach((v, i) => node.children.push(child(v, ['prefixItems', i], `[${i}]`)));
    if (isObj(s.additionalProperties) || (s.additionalProperties === true && isObj(s.properties))) node.children.push(child(s.additionalProperties, ['additionalProperties'], '[additional properties]'));
    if (isObj(s.patternProperties)) for (const [k, v] of Object.entries(s.patternProperties)) node.children.push(child(v, ['patternProperties', k], `[/${k}/]`));
    for (const combinator of ['allOf', 'oneOf', 'anyOf'] as const) {
      const list = s[combinator];
      if (Array.isArray(list)) list.forEach((v, i) => node.children.push(child(v, [combinator, i], `${combinator}[${i}]`)));
    }
    if (s.not !== undefined) node.children.push(child(s.not, ['not'], 'not'));
    node.hasChildren = node.children.length > 0;
    return node;
  }
}

function typeLabel(s: Obj): string {
  const types = Array.isArray(s.type) ? s.type.map(text) : s.type !== undefined ? [text(s.type)] : [];
  let label = types.join(' | ');
  if (!label) {
    if (s.properties) label = 'object';
    else if (s.allOf) label = 'allOf';
    else if (s.oneOf) label = 'oneOf';
    else if (s.anyOf) label = 'anyOf';
    else if (s.enum) label = 'enum';
    else label = 'any';
  }
  if (typeof s.format === 'string') label += ` (${text(s.format)})`;
  if (s.nullable === true) label += ' | null';
  return label;
}

const CONSTRAINT_KEYS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'readOnly', 'writeOnly', 'collectionFormat', 'style', 'explode', 'contentMediaType', 'contentEncoding'];

function short(v: unknown): string {
  const s = exampleJson(v);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

function constraints(s: Obj, _version: SpecVersion): string[] {
  const out: string[] = [];
  for (const k of CONSTRAINT_KEYS) if (s[k] !== undefined && typeof s[k] !== 'object') out.push(`${k}: ${text(s[k])}`);
  if (Array.isArray(s.enum)) out.push(`one of: ${s.enum.slice(0, 30).map(short).join(', ')}${s.enum.length > 30 ? `, … (${s.enum.length} values)` : ''}`);
  if (s.const !== undefined) out.push(`const: ${short(s.const)}`);
  if (s.default !== undefined) out.push(`default: ${short(s.default)}`);
  if (s.example !== undefined) out.push(`example: ${short(s.example)}`);
  else if (Array.isArray(s.examples) && s.examples.length > 0) out.push(`example: ${short(s.examples[0])}`);
  return out;
}

export interface ExampleView {
  name: string;
  summary: string;
  descriptionHtml: string;
  json: string;
}

export interface ContentView {
  mediaType: string;
  schema: SchemaNode | null;
  examples: ExampleView[];
}

export interface ParameterView {
  name: string;
  in: string;
  required: boolean;
  deprecated: boolean;
  descriptionHtml: string;
  schema: SchemaNode | null;
  examples: ExampleView[];
}

export interface ResponseView {
  status: string;
  descriptionHtml: string;
  headers: ParameterView[];
  contents: ContentView[];
}

export interface OperationView {
  anchor: string;
  alias: string | null;
  method: string;
  methodUpper: string;
  path: string;
  title: string;
  summary: string;
  operationId: string;
  descriptionHtml: string;
  deprecated: boolean;
  parameters: ParameterView[];
  hasParameters: boolean;
  requestBody: { required: boolean; descriptionHtml: string; contents: ContentView[] } | null;
  responses: ResponseView[];
  security: string[];
  hasSecurity: boolean;
  callbacks: { name: string; expression: string; operations: OperationView[] }[];
  hasCallbacks: boolean;
  externalDocs: { url: string | null; text: string } | null;
  note: string;
  badgeHtml: string;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'query'] as const;

export function securityText(requirements: unknown): string[] {
  if (!Array.isArray(requirements)) return [];
  return requirements.map((req) => {
    if (!isObj(req) || Object.keys(req).length === 0) return 'none (anonymous access allowed)';
    return Object.entries(req)
      .map(([scheme, scopes]) => (Array.isArray(scopes) && scopes.length > 0 ? `${text(scheme)} (${scopes.map(text).join(', ')})` : text(scheme)))
      .join(' + ');
  });
}

function examplesOf(b: SectionBuilder, holder: Obj, loc: NodeLocation): ExampleView[] {
  const out: ExampleView[] = [];
  if (holder.example !== undefined) out.push({ name: '', summary: '', descriptionHtml: '', json: exampleJson(holder.example) });
  if (isObj(holder.examples)) {
    for (const [name, ex] of Object.entries(holder.examples).slice(0, 20)) {
      if (b.version === '2.0') {
        out.push({ name: text(name), summary: '', descriptionHtml: '', json: exampleJson(ex) });
        continue;
      }
      const r = b.deref(ex, { file: loc.file, segments: [...loc.segments, 'examples', name] });
      if (!r || !isObj(r.value)) continue;
      const e = r.value;
      const json = e.value !== undefined ? exampleJson(e.value) : e.dataValue !== undefined ? exampleJson(e.dataValue) : e.serializedValue !== undefined ? exampleJson(e.serializedValue) : e.externalValue !== undefined ? `(external: ${text(e.externalValue)})` : '';
      out.push({ name: text(name), summary: text(e.summary), descriptionHtml: md(e.description), json });
    }
  }
  return out;
}

function contentViews(b: SectionBuilder, content: unknown, loc: NodeLocation): ContentView[] {
  if (!isObj(content)) return [];
  return Object.entries(content).map(([mediaType, mt]) => {
    const mloc = { file: loc.file, segments: [...loc.segments, 'content', mediaType] };
    const r = b.deref(mt, mloc);
    const m = r && isObj(r.value) ? r.value : {};
    const at = r?.loc ?? mloc;
    const schemaValue = m.schema ?? m.itemSchema;
    return {
      mediaType: text(mediaType),
      schema: schemaValue !== undefined ? b.schema(schemaValue, { file: at.file, segments: [...at.segments, m.schema !== undefined ? 'schema' : 'itemSchema'] }) : null,
      examples: examplesOf(b, m, at),
    };
  });
}

function parameterView(b: SectionBuilder, p: Obj, loc: NodeLocation): ParameterView {
  // Swagger 2.0 non-body parameters carry their schema keywords inline.
  const schema =
    p.schema !== undefined
      ? b.schema(p.schema, { file: loc.file, segments: [...loc.segments, 'schema'] })
      : b.version === '2.0' && p.type !== undefined
        ? b.schema({ ...p, description: undefined }, loc)
        : isObj(p.content)
          ? (contentViews(b, p.content, loc)[0]?.schema ?? null)
          : null;
  return {
    name: text(p.name),
    in: text(p.in),
    required: p.required === true,
    deprecated: p.deprecated === true,
    descriptionHtml: md(p.description),
    schema,
    examples: examplesOf(b, p, loc),
  };
}

function headerViews(b: SectionBuilder, headers: unknown, loc: NodeLocation): ParameterView[] {
  if (!isObj(headers)) return [];
  return Object.entries(headers).map(([name, h]) => {
    const hloc = { file: loc.file, segments: [...loc.segments, 'headers', name] };
    const r = b.deref(h, hloc);
    const v = r && isObj(r.value) ? r.value : {};
    return parameterView(b, { ...v, name, in: 'header' }, r?.loc ?? hloc);
  });
}

export interface OperationInput {
  method: string;
  path: string;
  op: Obj;
  loc: NodeLocation;
  /** Path-item level parameters and where they are. */
  pathParameters: { value: unknown; loc: NodeLocation }[];
  anchor: string;
  alias: string | null;
  globalSecurity: unknown;
  consumes: string[];
  produces: string[];
}

/** Builds the view of one operation (inline refs resolved and recorded as sources). */
export function operationView(b: SectionBuilder, input: OperationInput, callbackDepth = 0): OperationView {
  const { op, loc } = input;
  const params = new Map<string, { value: Obj; loc: NodeLocation }>();
  const addParams = (list: { value: unknown; loc: NodeLocation }[]) => {
    for (const p of list) {
      const r = b.deref(p.value, p.loc);
      if (!r || !isObj(r.value)) continue;
      params.set(`${text(r.value.in)}\u0000${text(r.value.name)}`, { value: r.value, loc: r.loc });
    }
  };
  addParams(input.pathParameters);
  if (Array.isArray(op.parameters)) addParams(op.parameters.map((value, i) => ({ value, loc: { file: loc.file, segments: [...loc.segments, 'parameters', i] } })));
  const parameters: ParameterView[] = [];
  let requestBody: OperationView['requestBody'] = null;
  const formFields: ParameterView[] = [];
  for (const { value, loc: ploc } of params.values()) {
    if (b.version === '2.0' && value.in === 'body') {
      const schema = value.schema !== undefined ? b.schema(value.schema, { file: ploc.file, segments: [...ploc.segments, 'schema'] }) : null;
      const types = input.consumes.length > 0 ? input.consumes : ['application/json'];
      requestBody = { required: value.required === true, descriptionHtml: md(value.description), contents: types.map((mediaType) => ({ mediaType: text(mediaType), schema, examples: [] })) };
    } else if (b.version === '2.0' && value.in === 'formData') formFields.push(parameterView(b, value, ploc));
    else parameters.push(parameterView(b, value, ploc));
  }
  parameters.push(...formFields);
  if (b.version !== '2.0' && op.requestBody !== undefined) {
    const rloc = { file: loc.file, segments: [...loc.segments, 'requestBody'] };
    const r = b.deref(op.requestBody, rloc);
    if (r && isObj(r.value)) requestBody = { required: r.value.required === true, descriptionHtml: md(r.value.description), contents: contentViews(b, r.value.content, r.loc) };
  }
  const responses: ResponseView[] = [];
  if (isObj(op.responses)) {
    for (const [status, resp] of Object.entries(op.responses)) {
      if (status.startsWith('x-')) continue;
      const rloc = { file: loc.file, segments: [...loc.segments, 'responses', status] };
      const r = b.deref(resp, rloc);
      if (!r || !isObj(r.value)) {
        responses.push({ status: text(status), descriptionHtml: '<p>(unresolved reference)</p>', headers: [], contents: [] });
        continue;
      }
      const v = r.value;
      let contents: ContentView[];
      if (b.version === '2.0') {
        const schema = v.schema !== undefined ? b.schema(v.schema, { file: r.loc.file, segments: [...r.loc.segments, 'schema'] }) : null;
        const examples = isObj(v.examples) ? Object.entries(v.examples).map(([name, ex]) => ({ name: text(name), summary: '', descriptionHtml: '', json: exampleJson(ex) })) : [];
        contents = schema || examples.length > 0 ? [{ mediaType: text(input.produces.join(', ')), schema, examples }] : [];
      } else contents = contentViews(b, v.content, r.loc);
      responses.push({ status: text(status), descriptionHtml: md(v.description), headers: headerViews(b, v.headers, r.loc), contents });
    }
  }
  const callbacks: OperationView['callbacks'] = [];
  if (isObj(op.callbacks) && callbackDepth < 2) {
    for (const [name, cb] of Object.entries(op.callbacks)) {
      const cloc = { file: loc.file, segments: [...loc.segments, 'callbacks', name] };
      const r = b.deref(cb, cloc);
      if (!r || !isObj(r.value)) continue;
      for (const [expression, item] of Object.entries(r.value)) {
        if (expression.startsWith('x-')) continue;
        const iloc = { file: r.loc.file, segments: [...r.loc.segments, expression] };
        const ir = b.deref(item, iloc);
        if (!ir || !isObj(ir.value)) continue;
        const operations: OperationView[] = [];
        for (const method of HTTP_METHODS) {
          const inner = ir.value[method];
          if (!isObj(inner)) continue;
          operations.push(
            operationView(
              b,
              { ...input, method, path: expression, op: inner, loc: { file: ir.loc.file, segments: [...ir.loc.segments, method] }, pathParameters: [], anchor: '', alias: null },
              callbackDepth + 1,
            ),
          );
        }
        callbacks.push({ name: text(name), expression: text(expression), operations });
      }
    }
  }
  const security = securityText(op.security !== undefined ? op.security : input.globalSecurity);
  const externalDocs = isObj(op.externalDocs) ? { url: safeUrl(op.externalDocs.url), text: text(op.externalDocs.description) || text(op.externalDocs.url) } : null;
  return {
    anchor: input.anchor,
    alias: input.alias,
    method: input.method.toLowerCase(),
    methodUpper: input.method.toUpperCase(),
    path: text(input.path),
    title: `${input.method.toUpperCase()} ${text(input.path)}`,
    summary: text(op.summary),
    operationId: text(op.operationId),
    descriptionHtml: md(op.description),
    deprecated: op.deprecated === true,
    parameters,
    hasParameters: parameters.length > 0,
    requestBody,
    responses,
    security,
    hasSecurity: security.length > 0,
    callbacks,
    hasCallbacks: callbacks.length > 0,
    externalDocs,
    note: '',
    badgeHtml: '',
  };
}
