// What the search index knows of a page besides its words: its kind and repository (shown with
// each result, Pagefind metadata) and how much its words weigh. Documentation ranks above
// reference data: a configuration file that repeats a word a thousand times must not come before
// the guide that explains it. Pagefind applies an element's weight to every word inside it,
// headings included (they lose their automatic weight); page titles keep theirs (page/page.hbs).
import type { PageData } from './workspace.ts';

const KIND_LABELS: Partial<Record<NonNullable<PageData['kind']>, string>> = {
  home: 'Home',
  'repo-overview': 'Overview',
  index: 'Folder',
  doc: 'Doc',
  openapi: 'API',
  typescript: 'TypeScript',
  config: 'Config',
  requirements: 'Requirements',
  changes: 'Changes',
};

/** Weights (0–10, quadratic in Pagefind's ranking) of page kinds whose words weigh less. */
const KIND_WEIGHTS: Partial<Record<NonNullable<PageData['kind']>, string>> = {
  config: '0.5',
  requirements: '0.5',
};

/**
 * Attributes of the indexed element that give Pagefind the kind and repository of the page:
 * `data-pagefind-meta` names the attributes holding the values (`kind[data-lw-kind]`), which keeps
 * any character of a value from being read as syntax.
 */
export function searchMeta(page: Pick<PageData, 'kind' | 'repo'>): Record<string, string> {
  const label = page.kind ? KIND_LABELS[page.kind] : undefined;
  const names: string[] = [];
  const attrs: Record<string, string> = {};
  if (label) {
    names.push('kind[data-lw-kind]');
    attrs['data-lw-kind'] = label;
  }
  if (page.repo) {
    names.push('repo[data-lw-repo]');
    attrs['data-lw-repo'] = page.repo;
  }
  return names.length > 0 ? { 'data-pagefind-meta': names.join(', '), ...attrs } : {};
}

export function searchWeight(page: Pick<PageData, 'kind'>): string | undefined {
  return page.kind ? KIND_WEIGHTS[page.kind] : undefined;
}
