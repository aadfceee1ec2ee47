// `livewiki.json`: the machine-readable wiki (DESIGN §5), documented in the README. Keys are
// written in a fixed order and pages sorted by id, so identical commits give identical bytes.

import type { Page } from '../model/page.ts';

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

export function livewikiJson(records: Page[], repos: RepoRecord[], generator: { name: string; version: string }): string {
  const doc: LivewikiJson = {
    schemaVersion: SCHEMA_VERSION,
    generator,
    repos: [...repos].sort((a, b) => (a.id < b.id ? -1 : 1)),
    pages: [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
