// `livewiki.json`: the machine-readable wiki (DESIGN §5), documented in the README. Keys are
// written in a fixed order and pages sorted by id, so identical commits give identical bytes.

import type { Page, Section } from '../model/page.ts';
import { provenanceOf, type ProvenanceOptions } from '../provenance/attach.ts';
import type { WikiPage } from '../pipeline/wiki.ts';

export const SCHEMA_VERSION = 1;

export interface RepoRecord {
  id: string;
  head: string | null;
  shallow: boolean;
  /** Web URL of the repository on its forge, without credentials. */
  url: string | null;
}

export interface LivewikiJson {
  schemaVersion: number;
  generator: { name: string; version: string };
  repos: RepoRecord[];
  pages: Page[];
}

export function pageRecord(p: WikiPage, options: ProvenanceOptions): Page {
  const sections: Section[] = p.page.sections.map((s) => {
    const change = p.sectionChanges.get(s.anchor);
    return {
      id: `${p.page.id}#${s.anchor}`,
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
    id: p.page.id,
    route: p.page.route,
    title: p.page.title,
    kind: p.page.kind,
    repo: p.page.repo,
    parent: p.parent?.page.id ?? null,
    sources: p.page.sources,
    sections,
    provenance: provenanceOf(p.change, options),
    history: p.history,
    description: p.page.description,
    ...(p.page.owners && p.page.owners.length > 0 ? { owners: p.page.owners } : {}),
  };
}

export function livewikiJson(records: Page[], repos: RepoRecord[], generator: { name: string; version: string }): string {
  const doc: LivewikiJson = {
    schemaVersion: SCHEMA_VERSION,
    generator,
    repos: [...repos].sort((a, b) => (a.id < b.id ? -1 : 1)),
    pages: [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
