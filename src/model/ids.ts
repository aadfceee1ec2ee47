// Stable ids, routes and anchors (DESIGN §4): derived from an entity's identity only, so the
// same source always gets the same URL.

import { createHash } from 'node:crypto';
import { dirOf } from '../utils/paths.ts';

const MAX_SEGMENT = 80;

/** Short content hash used to disambiguate colliding or over-long slugs. */
export function shortHash(input: string, length = 8): string {
  return createHash('sha256').update(input).digest('hex').slice(0, length);
}

/**
 * A URL- and filesystem-safe slug for one path segment: NFC, lower case, letters/digits/`-`/`_`/`.`
 * only, no leading dots, capped in length (with a hash of the original so it stays unique).
 */
export function slugSegment(input: string): string {
  const normalized = input.normalize('NFC').toLowerCase();
  let slug = normalized
    .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/-+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  if (slug === '' || /^(con|prn|aux|nul|com\d|lpt\d)$/.test(slug)) slug = `x-${shortHash(input, 6)}`;
  if ([...slug].length > MAX_SEGMENT) slug = `${[...slug].slice(0, MAX_SEGMENT - 9).join('')}-${shortHash(input)}`;
  return slug;
}

/** Repository ids are slugs too; they are the first route segment. */
export function repoSlug(name: string): string {
  return slugSegment(name);
}

/** Strips a Markdown extension: `docs/Guide.md` → `docs/Guide`. */
export function stripDocExtension(path: string): string {
  return path.replace(/\.(md|markdown|mdx)$/i, '');
}

/** Whether a doc path is the index of its directory (`README.md`, `index.md`). */
export function isDirectoryIndexDoc(path: string): boolean {
  return /(^|\/)(readme|index)\.(md|markdown)$/i.test(path);
}

/** Route of a repository's overview page. */
export function repoRoute(repo: string): string {
  return `/${repo}/`;
}

/** Route of a directory index inside a repository (`''` is the repository root). */
export function directoryRoute(repo: string, dir: string): string {
  if (dir === '') return repoRoute(repo);
  return `/${repo}/${dir.split('/').map(slugSegment).join('/')}/`;
}

/**
 * Route of a Markdown document. `docs/README.md` becomes its directory's route; the root README is
 * the repository overview.
 */
export function docRoute(repo: string, path: string): string {
  if (isDirectoryIndexDoc(path)) {
    return directoryRoute(repo, dirOf(path));
  }
  return `/${repo}/${stripDocExtension(path).split('/').map(slugSegment).join('/')}/`;
}

/** Output path of a repository file copied as an asset (images linked from docs). */
export function assetPath(repo: string, path: string): string {
  return `_assets/${repo}/${path.split('/').map(slugSegment).join('/')}`;
}

export function docPageId(repo: string, path: string): string {
  return `${repo}/doc/${path}`;
}

export function directoryPageId(repo: string, dir: string): string {
  return `${repo}/dir/${dir}`;
}

export function repoPageId(repo: string): string {
  return `${repo}/repo`;
}
