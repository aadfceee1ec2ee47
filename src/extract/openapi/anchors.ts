// Anchors of operations and schemas (from identity: METHOD /path, schema name) and operationId
// aliases, unique within the spec.

import type { Diagnostics } from '../../model/diagnostics.ts';
import type { OpEntry } from './collect.ts';
import { aliasAnchor, operationAnchorBase, schemaAnchorBase, uniqueAnchors, webhookAnchorBase } from './ids.ts';
import { segmentsToPointer, type SpecFiles } from './refs.ts';
import { text } from './text.ts';

/**
 * The spec's own schemas first, then those moved in from other files: a moved schema whose anchor
 * would collide (`a` from a.yaml beside `A`) gets the hash, never the spec's own.
 */
export function schemaAnchors(names: string[], moved: Set<string>): Map<string, string> {
  const own = uniqueAnchors(names.filter((n) => !moved.has(n)).map((name) => ({ key: name, base: schemaAnchorBase(name) })));
  const others = uniqueAnchors(
    names.filter((n) => moved.has(n)).map((name) => ({ key: name, base: schemaAnchorBase(name) })),
    new Set(own.values()),
  );
  return new Map([...own, ...others]);
}

/** Gives each operation its anchor (schema anchors are taken first) and its operationId alias. */
export function operationAnchors(ops: OpEntry[], schemaAnchorSet: Set<string>, spec: SpecFiles, diagnostics: Diagnostics): void {
  const taken = new Set(schemaAnchorSet);
  const anchors = uniqueAnchors(
    ops.map((o) => ({ key: o.key, base: o.webhook ? webhookAnchorBase(o.method, o.path) : operationAnchorBase(o.method, o.path) })),
    taken,
  );
  const used = new Set<string>(taken);
  for (const o of ops) o.anchor = anchors.get(o.key)!;
  for (const o of ops) {
    const alias = aliasAnchor(text(o.op.operationId));
    if (!alias || alias === o.anchor) continue;
    if (used.has(alias)) {
      const segments = [...o.loc.segments, 'operationId'];
      diagnostics.warn('W_OPENAPI_DUPLICATE_OPERATION_ID', `${spec.root}: operationId "${text(o.op.operationId)}" of ${o.key} is not unique; only its METHOD /path anchor is kept.`, {
        repo: spec.files.repo,
        file: o.loc.file,
        line: spec.lines({ file: o.loc.file, segments })?.[0],
        pointer: segmentsToPointer(segments),
        hint: 'Give every operation a unique operationId.',
      });
      continue;
    }
    used.add(alias);
    o.alias = alias;
  }
}
