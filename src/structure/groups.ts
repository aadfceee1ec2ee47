// Navigation groups: within each folder, a repository's pages are listed by what they are, in
// reading order (documentation first, then references, then configuration and requirements).
// A folder is listed in the first group of anything it holds. Only navigation order changes:
// routes never depend on groups.

import type { PageKind } from '../model/extracted.ts';

export const NAV_GROUPS = [
  { id: 'docs', title: 'Documentation' },
  { id: 'api', title: 'API reference' },
  { id: 'typescript', title: 'TypeScript reference' },
  { id: 'config', title: 'Configuration' },
  { id: 'requirements', title: 'Requirements' },
] as const;

export type NavGroup = (typeof NAV_GROUPS)[number]['id'];

const BY_KIND: Partial<Record<PageKind, NavGroup>> = {
  doc: 'docs',
  changes: 'docs',
  openapi: 'api',
  typescript: 'typescript',
  config: 'config',
  requirements: 'requirements',
};

/** The group a page of this kind is listed in; null for folder indexes and overviews (they take their contents'). */
export function groupOfKind(kind: PageKind): NavGroup | null {
  return BY_KIND[kind] ?? null;
}

export function groupRank(group: NavGroup | undefined): number {
  const i = NAV_GROUPS.findIndex((g) => g.id === group);
  return i < 0 ? NAV_GROUPS.length : i;
}

export function groupTitle(group: NavGroup): string {
  return NAV_GROUPS.find((g) => g.id === group)?.title ?? group;
}

/** The earliest of two groups (a folder is listed where its first contents are). */
export function firstGroup(a: NavGroup | undefined, b: NavGroup | undefined): NavGroup | undefined {
  return groupRank(a) <= groupRank(b) ? a : b;
}
