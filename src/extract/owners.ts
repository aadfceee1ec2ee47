// Owners of every page from the repository's CODEOWNERS (GitHub semantics: the last matching
// rule wins), shown beside provenance and written to livewiki.json.

import type { ExtractedPage } from '../model/extracted.ts';
import type { RepoSnapshot } from '../model/snapshot.ts';
import { ownersOf } from '../snapshot/owners.ts';

export function attachOwners(pages: ExtractedPage[], snapshot: RepoSnapshot): void {
  const { rules } = snapshot.owners;
  if (snapshot.owners.file === null) return;
  for (const page of pages) {
    const owners = [...new Set(page.sources.filter((s) => s.repo === snapshot.id).flatMap((s) => ownersOf(rules, s.path)))];
    if (owners.length > 0) page.owners = owners;
  }
}
