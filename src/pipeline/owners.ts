// Owners of every page from the repository's CODEOWNERS (GitHub semantics: the last matching
// rule wins), shown beside provenance and written to livewiki.json.

import { CODEOWNERS_PATHS, ownersOf, parseCodeowners } from '../extract/codeowners.ts';
import { Diagnostics } from '../model/diagnostics.ts';
import type { ExtractedPage } from '../model/extracted.ts';
import type { RepoSource } from '../sources/open.ts';

export function attachOwners(pages: ExtractedPage[], source: RepoSource): void {
  const file = CODEOWNERS_PATHS.find((p) => source.read(p) !== null);
  if (!file) return;
  // The overview parses the same file and reports its problems; this pass stays quiet.
  const rules = parseCodeowners(source.read(file)!, file, source.id, new Diagnostics());
  for (const page of pages) {
    const owners = [...new Set(page.sources.filter((s) => s.repo === source.id).flatMap((s) => ownersOf(rules, s.path)))];
    if (owners.length > 0) page.owners = owners;
  }
}
