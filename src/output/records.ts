// The output stage: every page of the wiki as a record of `livewiki.json` (DESIGN §5), the
// machine-readable model incident tooling and search read, with its text redacted once more.

import type { Diagnostics } from '../model/diagnostics.ts';
import type { Page, Section } from '../model/page.ts';
import type { PageProvenance, WikiNode, WikiProvenance, WikiTree } from '../model/wiki.ts';
import { provenanceOf, type ProvenanceOptions } from '../provenance/attach.ts';
import { clean, note, type SecretFinding } from '../secrets/index.ts';

export function pageRecord(node: WikiNode, prov: PageProvenance, options: ProvenanceOptions): Page {
  const { page } = node;
  const sections: Section[] = page.sections.map((s) => {
    const change = prov.sections[s.anchor];
    return {
      id: `${page.id}#${s.anchor}`,
      anchor: s.anchor,
      kind: s.kind,
      key: s.key,
      title: s.title,
      ...(s.depth !== undefined ? { depth: s.depth } : {}),
      sources: s.sources,
      ...(s.config ? { config: s.config } : {}),
      ...(change ? { provenance: provenanceOf(change, options) } : {}),
    };
  });
  return {
    id: page.id,
    route: page.route,
    title: page.title,
    kind: page.kind,
    repo: page.repo,
    parent: node.parent,
    sources: page.sources,
    sections,
    provenance: provenanceOf(prov.change, options),
    history: prov.history,
    ...(prov.scope ? { scope: { path: prov.scope.path, provenance: provenanceOf(prov.scope.change, options), history: prov.scope.history } } : {}),
    description: page.description,
    ...(page.owners && page.owners.length > 0 ? { owners: page.owners } : {}),
  };
}

/** Every page's record, in tree order, redacted. */
export function pageRecords(tree: WikiTree, provenance: WikiProvenance, options: ProvenanceOptions, diagnostics: Diagnostics): Page[] {
  const records = tree.nodes.map((n) => pageRecord(n, provenance.pages[n.page.id]!, options));
  redactRecords(records, diagnostics);
  return records;
}

/** Text fields of the machine-readable records (commit subjects and names are redacted upstream). */
export function redactRecords(records: Page[], diagnostics: Diagnostics): void {
  for (const record of records) {
    const found: SecretFinding[] = [];
    record.title = clean(record.title, found);
    if (record.description !== undefined) record.description = clean(record.description, found);
    for (const s of record.sections) {
      s.title = clean(s.title, found);
      s.key = clean(s.key, found);
      if (s.config) s.config = { type: s.config.type, value: clean(s.config.value, found), description: clean(s.config.description, found) };
    }
    note(found, `livewiki.json#${record.id}`, diagnostics);
  }
}
