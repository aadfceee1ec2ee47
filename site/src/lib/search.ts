// What the search index knows of a page besides its words: its kind and repository, shown with
// each result (Pagefind metadata). (Documentation ranks above reference data through the weight
// of the index data pages are in: src/site/pagefind.ts.)
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

/**
 * A page's description, or one said from what it is when its source gives none (an API tag page,
 * a configuration file): search engines and link previews want one for every page.
 */
export function describe(page: Pick<PageData, 'kind' | 'repo' | 'title' | 'description'>, siteTitle: string): string {
  if (page.description.trim() !== '') return page.description;
  const what: Partial<Record<NonNullable<PageData['kind']>, string>> = {
    openapi: 'API reference',
    typescript: 'TypeScript reference',
    config: 'Configuration reference',
    requirements: 'What it needs to run',
    index: 'Pages',
    changes: 'Recent changes',
  };
  const kind = page.kind ? what[page.kind] : undefined;
  const where = page.repo ?? siteTitle;
  return kind ? `${page.title}: ${kind} of ${where}, with who changed each part last, when and why.` : `${page.title} · ${where}`;
}

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
