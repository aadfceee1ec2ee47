// A repository's overview: recent changes, contributors, owners (CODEOWNERS), package manifest.

import { CODEOWNERS_PATHS, parseCodeowners } from '../extract/codeowners.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import { historyEntry, type ProvenanceOptions } from '../provenance/attach.ts';
import type { RepoSource } from '../sources/open.ts';
import type { RepoOverview } from './wiki.ts';

const CONTRIBUTORS = 20;

function manifestOf(source: RepoSource, diagnostics: Diagnostics): RepoOverview['manifest'] {
  const text = source.read('package.json');
  if (text === null) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    diagnostics.warn('W_MANIFEST_PARSE', `package.json is not valid JSON: ${(error as Error).message}`, { repo: source.id, file: 'package.json' });
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const field = (key: string): string | null => {
    const value = (data as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : null;
  };
  const name = field('name');
  return name ? { name, version: field('version'), description: field('description'), license: field('license') } : null;
}

export function overviewOf(source: RepoSource, recent: number, options: ProvenanceOptions, diagnostics: Diagnostics): RepoOverview {
  const ownersFile = CODEOWNERS_PATHS.find((p) => source.read(p) !== null) ?? null;
  const owners = ownersFile ? parseCodeowners(source.read(ownersFile)!, ownersFile, source.id, diagnostics) : [];
  return {
    history: source.history.recent(recent).map((c) => historyEntry(c, options)),
    historyUrl: source.links.web && source.head ? (source.links.history?.replace('{sha}', source.head).replace('{path}', '') ?? null) : null,
    contributors: source.history.contributors(CONTRIBUTORS).map((c) => ({ name: c.name, bot: c.bot, changes: c.changes })),
    owners: owners.map((r) => ({ pattern: r.pattern, owners: r.owners })),
    ownersFile,
    manifest: manifestOf(source, diagnostics),
  };
}
