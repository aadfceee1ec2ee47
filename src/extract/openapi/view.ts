// Turns a resolved operation into plain view data for the templates: everything the operation
// says (summary, description, parameters of the path item and the operation, request body,
// responses with headers, schemas, links and examples, security, servers, deprecation,
// callbacks, code samples). Parts that replaced a `$ref` are recorded as sources of the section
// (see SectionBuilder.locate).

import { exampleFromSchema, exampleText } from './examples.ts';
import { HTTP_METHODS } from './kinds.ts';
import type { NodeLocation } from './refs.ts';
import type { SchemaNode, SectionBuilder } from './schema-view.ts';
import { isObj, md, safeUrl, text, type Obj } from './text.ts';

export { HTTP_METHODS };

export interface ExampleView {
  name: string;
  summary: string;
  descriptionHtml: string;
  json: string;
  /** Built from the schema because the spec gives no example. */
  generated: boolean;
  open: boolean;
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

export interface ParameterGroup {
  label: string;
  parameters: ParameterView[];
}

export interface ResponseView {
  status: string;
  /** `2xx`, `4xx`… or `default`, for the chip's colour (the status is always written too). */
  statusClass: string;
  reason: string;
  descriptionHtml: string;
  headers: ParameterView[];
  contents: ContentView[];
  links: { name: string; target: string; descriptionHtml: string }[];
  /** Success responses start open. */
  open: boolean;
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
  parameterGroups: ParameterGroup[];
  hasParameters: boolean;
  requestBody: { required: boolean; descriptionHtml: string; contents: ContentView[] } | null;
  responses: ResponseView[];
  security: string[];
  hasSecurity: boolean;
  servers: { url: string; description: string }[];
  callbacks: { name: string; expression: string; operations: OperationView[] }[];
  hasCallbacks: boolean;
  codeSamples: { label: string; source: string }[];
  externalDocs: { url: string | null; text: string } | null;
  note: string;
  badgeHtml: string;
}

export function securityText(requirements: unknown): string[] {
  if (!Array.isArray(requirements)) return [];
  return requirements.map((req) => {
    if (!isObj(req) || Object.keys(req).length === 0) return 'none (anonymous access allowed)';
    return Object.entries(req)
      .map(([scheme, scopes]) => (Array.isArray(scopes) && scopes.length > 0 ? `${text(scheme)} (${scopes.map(text).join(', ')})` : text(scheme)))
      .join(' + ');
  });
}

const at = (loc: NodeLocation, ...more: (string | number)[]): NodeLocation => ({ file: loc.file, segments: [...loc.segments, ...more] });

/** Media types whose examples read as JSON (generated ones included). */
const JSON_LIKE = /(^|[/+])json($|;)|^\*\/\*$/i;

function examplesOf(b: SectionBuilder, holder: Obj, loc: NodeLocation): ExampleView[] {
  const out: ExampleView[] = [];
  if (holder.example !== undefined) out.push({ name: '', summary: '', descriptionHtml: '', json: exampleText(holder.example), generated: false, open: false });
  if (isObj(holder.examples)) {
    for (const [name, ex] of Object.entries(holder.examples).slice(0, 20)) {
      if (b.version === '2.0') {
        out.push({ name: text(name), summary: '', descriptionHtml: '', json: exampleText(ex), generated: false, open: false });
        continue;
      }
      if (!isObj(ex)) continue;
      b.locate(ex, at(loc, 'examples', name));
      const json =
        ex.value !== undefined
          ? exampleText(ex.value)
          : ex.dataValue !== undefined
            ? exampleText(ex.dataValue)
            : ex.serializedValue !== undefined
              ? exampleText(ex.serializedValue)
              : ex.externalValue !== undefined
                ? `(external: ${text(ex.externalValue)})`
                : '';
      out.push({ name: text(name), summary: text(ex.summary), descriptionHtml: md(ex.description), json, generated: false, open: false });
    }
  }
  return out;
}

function generated(b: SectionBuilder, schema: unknown, direction: 'request' | 'response'): ExampleView[] {
  const value = exampleFromSchema(schema, { lookup: (ref) => b.ctx.byRef.get(ref) ?? null }, direction);
  if (value === undefined) return [];
  return [{ name: '', summary: '', descriptionHtml: '', json: exampleText(value, 4000), generated: true, open: false }];
}

/** Contents per media type; `generate`: build an example from the schema where the spec gives none (JSON only). */
function contentViews(b: SectionBuilder, content: unknown, loc: NodeLocation, direction: 'request' | 'response', generate: boolean): ContentView[] {
  if (!isObj(content)) return [];
  return Object.entries(content).map(([mediaType, mt]) => {
    const m = isObj(mt) ? mt : {};
    const here = b.locate(m, at(loc, 'content', mediaType));
    const key = m.schema !== undefined ? 'schema' : 'itemSchema';
    const schemaValue = m[key];
    const examples = examplesOf(b, m, here);
    return {
      mediaType: text(mediaType),
      schema: schemaValue !== undefined ? b.schema(schemaValue, at(here, key)) : null,
      examples: examples.length > 0 || !generate || schemaValue === undefined || !JSON_LIKE.test(mediaType) ? examples : generated(b, schemaValue, direction),
    };
  });
}

function parameterView(b: SectionBuilder, p: Obj, loc: NodeLocation): ParameterView {
  // Swagger 2.0 non-body parameters carry their schema keywords inline.
  const schema =
    p.schema !== undefined
      ? b.schema(p.schema, at(loc, 'schema'))
      : b.version === '2.0' && p.type !== undefined
        ? b.schema({ ...p, description: undefined }, loc)
        : isObj(p.content)
          ? (contentViews(b, p.content, loc, 'request', false)[0]?.schema ?? null)
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
    const v = isObj(h) ? h : {};
    return parameterView(b, { ...v, name, in: 'header' }, b.locate(v, at(loc, 'headers', name)));
  });
}

const LOCATIONS: [string, string][] = [
  ['path', 'Path parameters'],
  ['query', 'Query parameters'],
  ['querystring', 'Query string'],
  ['header', 'Header parameters'],
  ['cookie', 'Cookie parameters'],
  ['formData', 'Form fields'],
];

const REASONS: Record<string, string> = {
  '100': 'Continue',
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
  '203': 'Non-Authoritative Information',
  '204': 'No Content',
  '206': 'Partial Content',
  '301': 'Moved Permanently',
  '302': 'Found',
  '303': 'See Other',
  '304': 'Not Modified',
  '307': 'Temporary Redirect',
  '308': 'Permanent Redirect',
  '400': 'Bad Request',
  '401': 'Unauthorized',
  '402': 'Payment Required',
  '403': 'Forbidden',
  '404': 'Not Found',
  '405': 'Method Not Allowed',
  '406': 'Not Acceptable',
  '408': 'Request Timeout',
  '409': 'Conflict',
  '410': 'Gone',
  '412': 'Precondition Failed',
  '413': 'Content Too Large',
  '415': 'Unsupported Media Type',
  '422': 'Unprocessable Content',
  '423': 'Locked',
  '428': 'Precondition Required',
  '429': 'Too Many Requests',
  '500': 'Internal Server Error',
  '501': 'Not Implemented',
  '502': 'Bad Gateway',
  '503': 'Service Unavailable',
  '504': 'Gateway Timeout',
};

function statusClass(status: string): string {
  if (/^[1-5]([0-9]{2}|XX)$/i.test(status)) return `${status[0]}xx`;
  return 'default';
}

export interface OperationInput {
  method: string;
  path: string;
  op: Obj;
  /** Where the operation is written. */
  loc: NodeLocation;
  /** Path-item level parameters and where they are. */
  pathParameters: { value: unknown; loc: NodeLocation }[];
  /** Path-item level servers (an operation's own replace them). */
  pathServers: unknown;
  anchor: string;
  alias: string | null;
  globalSecurity: unknown;
  consumes: string[];
  produces: string[];
}

/** Builds the view of one operation. */
export function operationView(b: SectionBuilder, input: OperationInput, callbackDepth = 0): OperationView {
  const { op, loc } = input;
  // Operation parameters override path-item ones with the same name and location.
  const params = new Map<string, { value: Obj; loc: NodeLocation }>();
  const addParams = (list: { value: unknown; loc: NodeLocation }[]) => {
    for (const p of list) {
      if (!isObj(p.value)) continue;
      params.set(`${text(p.value.in)}\u0000${text(p.value.name)}`, { value: p.value, loc: b.locate(p.value, p.loc) });
    }
  };
  addParams(input.pathParameters);
  if (Array.isArray(op.parameters)) addParams(op.parameters.map((value, i) => ({ value, loc: at(loc, 'parameters', i) })));
  const byIn = new Map<string, ParameterView[]>();
  let requestBody: OperationView['requestBody'] = null;
  for (const { value, loc: ploc } of params.values()) {
    if (b.version === '2.0' && value.in === 'body') {
      const schema = value.schema !== undefined ? b.schema(value.schema, at(ploc, 'schema')) : null;
      const types = input.consumes.length > 0 ? input.consumes : ['application/json'];
      const examples = value.schema !== undefined ? generated(b, value.schema, 'request') : [];
      requestBody = { required: value.required === true, descriptionHtml: md(value.description), contents: types.map((mediaType) => ({ mediaType: text(mediaType), schema, examples: JSON_LIKE.test(mediaType) ? examples : [] })) };
      continue;
    }
    const where = text(value.in);
    byIn.set(where, [...(byIn.get(where) ?? []), parameterView(b, value, ploc)]);
  }
  const parameterGroups: ParameterGroup[] = [];
  for (const [where, label] of LOCATIONS) if (byIn.has(where)) parameterGroups.push({ label, parameters: byIn.get(where)! });
  for (const [where, list] of byIn) if (!LOCATIONS.some(([w]) => w === where)) parameterGroups.push({ label: `${where || 'Other'} parameters`, parameters: list });
  if (b.version !== '2.0' && isObj(op.requestBody)) {
    const r = op.requestBody;
    const rloc = b.locate(r, at(loc, 'requestBody'));
    requestBody = { required: r.required === true, descriptionHtml: md(r.description), contents: contentViews(b, r.content, rloc, 'request', true) };
  }
  const responses: ResponseView[] = [];
  if (isObj(op.responses)) {
    let openedSuccess = false;
    for (const [status, resp] of Object.entries(op.responses)) {
      if (status.startsWith('x-')) continue;
      const cls = statusClass(status);
      const open = !openedSuccess && (cls === '2xx' || cls === 'default');
      if (open) openedSuccess = true;
      const base = { status: text(status), statusClass: cls, reason: REASONS[status] ?? (status === 'default' ? 'Any other status' : ''), open };
      if (!isObj(resp) || typeof resp.$ref === 'string') {
        responses.push({ ...base, descriptionHtml: '<p>(unresolved reference)</p>', headers: [], contents: [], links: [] });
        continue;
      }
      const rloc = b.locate(resp, at(loc, 'responses', status));
      // Success responses unfold their named schemas; the others (errors, mostly shared) link to them.
      const build = <T,>(f: () => T): T => (cls === '2xx' || open ? f() : b.linking(f));
      let contents: ContentView[];
      if (b.version === '2.0') {
        const schema = resp.schema !== undefined ? build(() => b.schema(resp.schema, at(rloc, 'schema'))) : null;
        const own = isObj(resp.examples) ? Object.entries(resp.examples).map(([name, ex]) => ({ name: text(name), summary: '', descriptionHtml: '', json: exampleText(ex), generated: false, open: false })) : [];
        const examples = own.length > 0 || resp.schema === undefined || !open ? own : generated(b, resp.schema, 'response');
        contents = schema || examples.length > 0 ? [{ mediaType: text(input.produces.join(', ')), schema, examples }] : [];
      } else contents = build(() => contentViews(b, resp.content, rloc, 'response', open));
      const links = isObj(resp.links)
        ? Object.entries(resp.links).map(([name, l]) => {
            const link = isObj(l) ? l : {};
            return { name: text(name), target: text(link.operationId) || text(link.operationRef), descriptionHtml: md(link.description) };
          })
        : [];
      responses.push({ ...base, descriptionHtml: md(resp.description), headers: build(() => headerViews(b, resp.headers, rloc)), contents, links });
    }
  }
  // The example a reader looks for first is shown: the request's, and the first success response's.
  const showFirst = (contents: ContentView[] | undefined) => {
    const first = contents?.find((c) => c.examples.length > 0)?.examples[0];
    if (first) first.open = true;
  };
  showFirst(requestBody?.contents);
  showFirst(responses.find((r) => r.open)?.contents);
  const callbacks: OperationView['callbacks'] = [];
  if (isObj(op.callbacks) && callbackDepth < 2) {
    for (const [name, cb] of Object.entries(op.callbacks)) {
      if (!isObj(cb)) continue;
      const cloc = b.locate(cb, at(loc, 'callbacks', name));
      for (const [expression, item] of Object.entries(cb)) {
        if (expression.startsWith('x-') || !isObj(item)) continue;
        const iloc = b.locate(item, at(cloc, expression));
        const operations: OperationView[] = [];
        for (const method of HTTP_METHODS) {
          const inner = item[method];
          if (!isObj(inner)) continue;
          const innerLoc = b.locate(inner, at(iloc, method));
          operations.push(
            operationView(b, { ...input, method, path: expression, op: inner, loc: innerLoc, pathParameters: [], pathServers: item.servers, anchor: '', alias: null }, callbackDepth + 1),
          );
        }
        callbacks.push({ name: text(name), expression: text(expression), operations });
      }
    }
  }
  const security = securityText(op.security !== undefined ? op.security : input.globalSecurity);
  const externalDocs = isObj(op.externalDocs) ? { url: safeUrl(op.externalDocs.url), text: text(op.externalDocs.description) || text(op.externalDocs.url) } : null;
  const serversValue = op.servers !== undefined ? op.servers : input.pathServers;
  const servers = Array.isArray(serversValue) ? serversValue.filter(isObj).map((s) => ({ url: text(s.url), description: text(s.description) })) : [];
  const samplesValue = op['x-codeSamples'] ?? op['x-code-samples'];
  const codeSamples = Array.isArray(samplesValue)
    ? samplesValue
        .filter(isObj)
        .slice(0, 12)
        .map((s) => ({ label: text(s.label) || text(s.lang) || 'Sample', source: exampleText(typeof s.source === 'string' ? s.source : '', 8000) }))
        .filter((s) => s.source !== '')
    : [];
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
    parameterGroups,
    hasParameters: parameterGroups.length > 0,
    requestBody,
    responses,
    security,
    hasSecurity: security.length > 0,
    servers,
    callbacks,
    hasCallbacks: callbacks.length > 0,
    codeSamples,
    externalDocs,
    note: '',
    badgeHtml: '',
  };
}
