// What `livewiki check` would say about a pull request's own files: secret-looking values in the
// changed files the wiki is made of (rule, line and fingerprint, never the value; `new` when the
// base's version of the file did not have it) and broken links or anchors reported at changed
// files, found by the check stage's link checker on the head's rendered pages.

import { checkLinksOf } from '../check/index.ts';
import { LEDGER_FILE } from '../ledger/index.ts';
import { Diagnostics, type Diagnostic } from '../model/diagnostics.ts';
import { assetPath } from '../model/ids.ts';
import type { Page } from '../model/page.ts';
import type { SiteBundle } from '../model/site.ts';
import type { WikiTree } from '../model/wiki.ts';
import { scanText } from '../secrets/index.ts';
import { selectPages } from '../site/build.ts';
import type { RepoReader } from '../snapshot/reader.ts';
import type { DiffReport } from './report.ts';
import type { FileChange } from './refs.ts';

export async function secretFindings(input: { repo: string; files: FileChange[]; headPages: Page[]; base: RepoReader; head: RepoReader; allowed: readonly string[] }): Promise<DiffReport['secrets']> {
  const published = new Set(input.headPages.filter((p) => p.repo === input.repo).flatMap((p) => p.sources.map((s) => s.path)));
  const changed = input.files.filter((f) => f.status !== 'removed' && published.has(f.path));
  const allowed = new Set(input.allowed);
  await input.head.load(changed.map((f) => f.path));
  await input.base.load(changed.filter((f) => f.status !== 'added').map((f) => f.from ?? f.path));
  const out: DiffReport['secrets'] = [];
  for (const f of changed) {
    const text = input.head.read(f.path);
    if (text === null) continue;
    const before = f.status === 'added' ? null : input.base.read(f.from ?? f.path);
    // Fingerprints are of value and location: the base's text is scanned under the head's path.
    const known = new Set(before === null ? [] : scanText(before, f.path, allowed).map((x) => x.fingerprint));
    for (const x of scanText(text, f.path, allowed)) {
      out.push({ repo: input.repo, file: f.path, line: x.line ?? 1, column: x.column ?? 1, rule: x.rule, fingerprint: x.fingerprint, new: !known.has(x.fingerprint) });
    }
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

/** Link problems the extractors report at their source (a target that is not a tracked file). */
export const SOURCE_LINK_CODES = new Set(['W_MD_LINK_UNRESOLVED']);

export function linkFindings(input: {
  repo: string;
  files: FileChange[];
  bundle: Pick<SiteBundle, 'pages'>;
  assets: { repo: string; paths: string[] }[];
  tree: WikiTree;
  head: RepoReader;
  /** The head's diagnostics so far: the extractors' link problems are among them. */
  reported: readonly Diagnostic[];
}): DiffReport['links'] {
  const changed = new Set(input.files.filter((f) => f.status !== 'removed').map((f) => f.path));
  const diagnostics = new Diagnostics();
  const bundle: SiteBundle = {
    title: '',
    pages: input.bundle.pages,
    assets: input.assets.flatMap((a) => a.paths.map((p) => ({ outPath: assetPath(a.repo, p), from: '' }))),
    files: [
      { outPath: 'livewiki.json', content: '' },
      { outPath: LEDGER_FILE, content: '' },
    ],
    footer: { commits: [], builtAt: null, generator: '' },
  };
  const pages = selectPages(bundle.pages, new Diagnostics());
  checkLinksOf({ bundle, pages, tree: input.tree, readSource: (o) => (o.repo === input.repo ? input.head.read(o.path) : null), allowedSecrets: [] }, diagnostics);
  return [...input.reported.filter((d) => SOURCE_LINK_CODES.has(d.code)), ...diagnostics.items]
    .filter((d) => d.repo === input.repo && d.file !== undefined && changed.has(d.file))
    .map((d) => ({ repo: input.repo, file: d.file!, line: d.line ?? null, code: d.code, message: d.message }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0) || (a.message < b.message ? -1 : 1)));
}
