// Where a link or image URL written in a document points: pure string logic, no I/O.

import { dirOf, joinRepoPath } from '../../utils/paths.ts';

export type LinkTarget =
  /** `#install`: same page; kept as written. */
  | { kind: 'fragment' }
  /** Has a scheme (`https:`, `mailto:`, `javascript:`…) or is protocol-relative (`//host`). The
   *  sanitizer decides which schemes survive. */
  | { kind: 'absolute' }
  /** A path inside the repository (normalized, percent-decoded, no leading `/`). */
  | { kind: 'repo'; path: string; fragment: string | null }
  /** Relative but unusable: escapes the repository root, undecodable, control characters. */
  | { kind: 'invalid'; reason: string };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Classifies `url` (as found in an `href`/`src`) written in the document at `docPath`. Relative
 * paths resolve against the document's directory; a leading `/` means the repository root, as on
 * GitHub.
 */
export function classifyUrl(url: string, docPath: string): LinkTarget {
  if (url === '' || url.startsWith('#')) return { kind: 'fragment' };
  if (SCHEME.test(url) || url.startsWith('//')) return { kind: 'absolute' };

  const hashAt = url.indexOf('#');
  const fragment = hashAt === -1 ? null : url.slice(hashAt + 1);
  let pathPart = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = pathPart.indexOf('?');
  if (queryAt !== -1) pathPart = pathPart.slice(0, queryAt);

  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    return { kind: 'invalid', reason: 'malformed percent-encoding' };
  }
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return { kind: 'invalid', reason: 'control characters in path' };

  if (decoded === '') return { kind: 'repo', path: docPath, fragment: fragment === '' ? null : fragment };
  // A leading `/` means the repository root, as on GitHub; otherwise the document's folder.
  const path = joinRepoPath(decoded.startsWith('/') ? '' : dirOf(docPath), decoded);
  if (path === null) return { kind: 'invalid', reason: 'points outside the repository' };
  return { kind: 'repo', path, fragment: fragment === '' ? null : fragment };
}
