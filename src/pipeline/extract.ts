// Runs every extractor over one repository. A file that fails becomes a diagnostic; the rest of
// the repository is still extracted.

import { CODEOWNERS_PATHS } from '../extract/codeowners.ts';
import { extractDocPage, selectDocs } from '../extract/docs.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { ExtractedPage } from '../model/extracted.ts';
import type { TemplateEnv } from '../render/handlebars.ts';
import type { RepoSource } from '../sources/open.ts';

export async function extractRepo(source: RepoSource, templates: TemplateEnv, diagnostics: Diagnostics): Promise<ExtractedPage[]> {
  const pages: ExtractedPage[] = [];
  const docs = selectDocs(source.paths, source.selection);
  const links = source.linkResolver(new Set(docs));
  await source.load([...docs, ...CODEOWNERS_PATHS, 'package.json']);
  for (const path of docs) {
    const text = source.read(path);
    if (text === null) continue;
    try {
      const page = extractDocPage(source.id, path, text, links, templates, diagnostics);
      if (page) pages.push(page);
    } catch (error) {
      diagnostics.error('E_EXTRACT', `could not extract this document: ${(error as Error).message}`, {
        repo: source.id,
        file: path,
        hint: 'This is a bug in livewiki if the file is valid Markdown; please report it with the file.',
      });
    }
  }
  return pages;
}
