// What a resolved spec contains, with where each part is written: its operations (paths × methods,
// 3.2 `additionalOperations`, webhooks) and its named schemas (the spec's own and those moved in
// from other files by the resolver).

import type { Diagnostics } from '../../model/diagnostics.ts';
import type { ExtractedSection } from '../../model/extracted.ts';
import { HTTP_METHODS } from './kinds.ts';
import type { PathSegment } from './parse.ts';
import { segmentsToPointer, type NodeLocation } from './refs.ts';
import { refFragment, type Resolution } from './resolve.ts';
import type { NamedSchema, SchemaLink, SchemaNode, SpecContext } from './schema-view.ts';
import { isObj, text, type Obj } from './text.ts';
import type { OperationView } from './view.ts';

export interface Part {
  anchor: string;
  html: string;
}

export interface OpEntry {
  key: string;
  method: string;
  path: string;
  webhook: boolean;
  op: Obj;
  /** Where the operation is written. */
  loc: NodeLocation;
  /** The refs that brought it in (path item and operation `$ref`s), outermost first. */
  refs: NodeLocation[];
  pathParameters: { value: unknown; loc: NodeLocation }[];
  /** Where the path item's own parameters are, when it has some. */
  pathParametersLoc: NodeLocation | null;
  pathServers: unknown;
  /** First tag, '' when untagged. */
  tag: string;
  anchor: string;
  alias: string | null;
  view?: OperationView;
  section?: ExtractedSection;
  part?: Part;
  href?: string;
}

export interface SchemaEntry extends NamedSchema {
  anchor: string;
  node?: SchemaNode;
  section?: ExtractedSection;
  part?: Part;
}

const at = (loc: NodeLocation, ...more: PathSegment[]): NodeLocation => ({ file: loc.file, segments: [...loc.segments, ...more] });

/** Where a resolved node is written: its own origin when it replaced a `$ref`, else `fallback`. */
export function whereIs(res: Resolution, value: unknown, fallback: NodeLocation): { loc: NodeLocation; refs: NodeLocation[] } {
  const b = value !== null && typeof value === 'object' ? res.boundaries.get(value) : undefined;
  return b ? { loc: b.origin, refs: b.refs } : { loc: fallback, refs: [] };
}

export function collectOperations(ctx: SpecContext, diagnostics: Diagnostics): OpEntry[] {
  const { res } = ctx;
  const doc = res.document;
  const rootLoc: NodeLocation = { file: res.root, segments: [] };
  const ops: OpEntry[] = [];
  const seen = new Set<string>();
  const collect = (container: unknown, name: 'paths' | 'webhooks') => {
    if (!isObj(container)) return;
    const containerLoc = whereIs(res, container, at(rootLoc, name)).loc;
    const webhook = name === 'webhooks';
    for (const [path, item] of Object.entries(container)) {
      if (path.startsWith('x-') || !isObj(item)) continue;
      const itemAt = whereIs(res, item, at(containerLoc, path));
      const params = Array.isArray(item.parameters) ? item.parameters : [];
      const paramsLoc = whereIs(res, item.parameters, at(itemAt.loc, 'parameters')).loc;
      const pathParameters = params.map((value, i) => ({ value, loc: at(paramsLoc, i) }));
      const methods: { method: string; op: unknown; segments: PathSegment[] }[] = [];
      for (const m of HTTP_METHODS) if (item[m] !== undefined && (m !== 'query' || res.version === '3.2')) methods.push({ method: m, op: item[m], segments: [m] });
      if (res.version === '3.2' && isObj(item.additionalOperations)) {
        for (const [m, op] of Object.entries(item.additionalOperations)) methods.push({ method: m, op, segments: ['additionalOperations', m] });
      }
      for (const { method, op, segments } of methods) {
        if (!isObj(op) || typeof op.$ref === 'string') continue;
        const key = webhook ? `${method.toUpperCase()} webhook:${path}` : `${method.toUpperCase()} ${path}`;
        const opAt = whereIs(res, op, at(itemAt.loc, ...segments));
        if (seen.has(key)) {
          diagnostics.warn('W_OPENAPI_DUPLICATE_OPERATION', `${res.root}: ${key} is defined twice; the second definition is ignored.`, {
            repo: ctx.spec.files.repo,
            file: opAt.loc.file,
            pointer: segmentsToPointer(opAt.loc.segments),
            hint: 'Remove the duplicate method.',
          });
          continue;
        }
        seen.add(key);
        const tags = Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string' && t !== '') : [];
        ops.push({
          key,
          method,
          path,
          webhook,
          op,
          loc: opAt.loc,
          refs: [...opAt.refs, ...itemAt.refs],
          pathParameters,
          pathParametersLoc: params.length > 0 ? paramsLoc : null,
          pathServers: item.servers,
          tag: webhook ? '' : (tags[0] ?? ''),
          anchor: '',
          alias: null,
        });
      }
    }
  };
  collect(doc.paths, 'paths');
  if (res.version === '3.1' || res.version === '3.2') collect(doc.webhooks, 'webhooks');
  return ops;
}

/** The named schemas of a resolved spec, each with where its content and its entry are written. */
export function namedSchemas(res: Resolution, anchors: (names: string[]) => Map<string, string>): { named: Map<string, NamedSchema>; byRef: Map<string, NamedSchema> } {
  const container2 = res.version === '2.0' ? res.document.definitions : isObj(res.document.components) ? res.document.components.schemas : undefined;
  const container = isObj(container2) ? container2 : {};
  const rootContainer: NodeLocation = { file: res.root, segments: res.schemaContainer };
  const containerLoc = whereIs(res, container, rootContainer).loc;
  // Sorted by name: the schema pages list them alphabetically, the spec's own and moved ones alike.
  const names = res.schemaNames.filter((n) => Object.hasOwn(container, n)).sort();
  const anchorOf = anchors(names);
  const named = new Map<string, NamedSchema>();
  const byRef = new Map<string, NamedSchema>();
  for (const name of names) {
    const value = container[name];
    const moved = res.movedSchemas.has(name);
    const declaredAt = at(containerLoc, name);
    const loc = whereIs(res, value, declaredAt).loc;
    const anchor = anchorOf.get(name)!;
    const link: SchemaLink = { name: text(name), anchor, href: `#${anchor}` };
    const entry = !moved && (loc.file !== declaredAt.file || segmentsToPointer(loc.segments) !== segmentsToPointer(declaredAt.segments)) ? declaredAt : null;
    const schema: NamedSchema = { name, value, loc, entry, link };
    named.set(name, schema);
    byRef.set(refFragment([...res.schemaContainer, name]), schema);
  }
  return { named, byRef };
}
