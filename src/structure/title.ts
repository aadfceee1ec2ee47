// A repository overview is titled by the project's name: the root package.json `name` (unless a
// monorepo placeholder such as "root" or "acme-monorepo"), else the
// root README's own title (front matter or first `# heading`), else the repository's id (its
// folder name). Never the file name "README".

import type { ExtractedPage } from '../model/extracted.ts';

function fileStem(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.replace(/\.[^.]+$/, '') || name;
}

/** Names monorepo roots give their private workspace package: placeholders, not the project's name. */
const PLACEHOLDER = /^(@[\w.-]+\/)?(root|monorepo|mono|workspace|workspaces|repo|project|main|app)$|[-_.](monorepo|root|workspace|workspaces)$/i;

export function projectTitle(repo: string, manifestName: string | null | undefined, pages: readonly ExtractedPage[]): string {
  if (manifestName && manifestName.trim() !== '' && !PLACEHOLDER.test(manifestName.trim())) return manifestName.trim();
  const readme = pages.find((p) => p.kind === 'doc' && p.route === `/${repo}/`);
  const source = readme?.sources[0]?.path;
  // A document without a title of its own is titled by its file name; that is no project name.
  if (readme && source && readme.title.trim() !== '' && readme.title !== fileStem(source)) return readme.title;
  return repo;
}
