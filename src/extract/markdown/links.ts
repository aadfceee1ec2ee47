// Where a link or image URL written in a document points: pure string logic, no I/O.

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
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return { kind: 'invalid', reason: 'control characters in path' };

  if (decoded === '') return { kind: 'repo', path: docPath, fragment: fragment === '' ? null : fragment };
  const fromRoot = decoded.startsWith('/');
  const docDir = docPath.includes('/') ? docPath.slice(0, docPath.lastIndexOf('/')) : '';
  const base = fromRoot ? [] : docDir.split('/').filter((s) => s !== '');
  const parts = [...base];
  for (const segment of decoded.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) return { kind: 'invalid', reason: 'points outside the repository' };
      parts.pop();
    } else {
      parts.push(segment);
    }
  }
  return { kind: 'repo', path: parts.join('/'), fragment: fragment === '' ? null : fragment };
}
