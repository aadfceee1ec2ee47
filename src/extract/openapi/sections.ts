// Operation and schema sections: their views, their HTML, and their sources. An operation's sources
// are the lines of the operation itself (its file, when it is a file of its own), the refs that
// brought it in (the root file's `get: {$ref: …}`), its path item's parameters, every part that
// replaced a `$ref` inside it (shared parameters, responses…) and the schemas moved in from files
// of their own that it uses; a named schema's are its content and its entry in the root.

import type { Diagnostics } from '../../model/diagnostics.ts';
import type { SourceRef } from '../../model/page.ts';
import type { TemplateRenderer } from '../../model/templates.ts';
import type { OpEntry, SchemaEntry } from './collect.ts';
import { segmentsToPointer, type NodeLocation } from './refs.ts';
import { SectionBuilder, sourceRef, type SpecContext } from './schema-view.ts';
import { text } from './text.ts';
import { operationView } from './view.ts';

/** Nodes of schema trees one operation may show, and how many levels of named schemas it unfolds. */
const OPERATION_BUDGET = 700;
const OPERATION_UNFOLD = 1;
const SCHEMA_BUDGET = 2000;

function sectionSources(ctx: SpecContext, primary: NodeLocation[], b: SectionBuilder): SourceRef[] {
  const out: SourceRef[] = [];
  const seen = new Set<string>();
  const add = (ref: SourceRef) => {
    const key = `${ref.path}\u0000${ref.lines?.join('-') ?? ref.pointer}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(ref);
  };
  for (const loc of primary) add(sourceRef(ctx.spec, loc));
  for (const s of b.sources) add(s);
  return out;
}

function warnCapped(ctx: SpecContext, diagnostics: Diagnostics, what: string, b: SectionBuilder, loc: NodeLocation): void {
  if (!b.capped) return;
  diagnostics.warn('W_OPENAPI_EXPANSION_CAPPED', `${ctx.spec.root}: ${what} expands to too many schema nodes; the rest is shown as references.`, {
    repo: ctx.spec.files.repo,
    file: loc.file,
    pointer: segmentsToPointer(loc.segments),
    hint: 'Use named schemas ($ref to components) instead of deeply inlined ones.',
  });
}

export interface SpecDefaults {
  security: unknown;
  consumes: string[];
  produces: string[];
}

export function operationSections(ctx: SpecContext, ops: OpEntry[], defaults: SpecDefaults, templates: TemplateRenderer, diagnostics: Diagnostics): void {
  for (const o of ops) {
    const b = new SectionBuilder(ctx, { budget: OPERATION_BUDGET, unfold: OPERATION_UNFOLD });
    const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null);
    const view = operationView(b, {
      method: o.method,
      path: o.path,
      op: o.op,
      loc: o.loc,
      pathParameters: o.pathParameters,
      pathServers: o.pathServers,
      anchor: o.anchor,
      alias: o.alias,
      globalSecurity: defaults.security,
      consumes: list(o.op.consumes) ?? defaults.consumes,
      produces: list(o.op.produces) ?? defaults.produces,
    });
    if (o.webhook) {
      view.path = `webhook: ${text(o.path)}`;
      view.title = `${o.method.toUpperCase()} ${text(o.path)} (webhook)`;
    }
    view.badgeHtml = templates.slot(o.anchor);
    warnCapped(ctx, diagnostics, o.key, b, o.loc);
    const primary = [o.loc, ...o.refs, ...(o.pathParametersLoc ? [o.pathParametersLoc] : [])];
    o.view = view;
    o.section = { anchor: o.anchor, kind: 'operation', key: o.key, title: view.title, sources: sectionSources(ctx, primary, b), ...(o.alias ? { aliases: [o.alias] } : {}) };
    o.part = { anchor: o.anchor, html: templates.render('openapi/operation', view) };
  }
}

export function schemaSections(ctx: SpecContext, schemas: SchemaEntry[], templates: TemplateRenderer, diagnostics: Diagnostics): void {
  for (const s of schemas) {
    const b = new SectionBuilder(ctx, { budget: SCHEMA_BUDGET, unfold: 0 });
    const node = b.schema(s.value, s.loc, { stack: [s.name] });
    node.open = true;
    warnCapped(ctx, diagnostics, `schema ${s.name}`, b, s.loc);
    s.node = node;
    s.section = { anchor: s.anchor, kind: 'schema', key: s.name, title: text(s.name), sources: sectionSources(ctx, [s.loc, ...(s.entry ? [s.entry] : [])], b) };
    s.part = { anchor: s.anchor, html: templates.render('openapi/schema', { anchor: s.anchor, name: text(s.name), node, badgeHtml: templates.slot(s.anchor) }) };
  }
}
