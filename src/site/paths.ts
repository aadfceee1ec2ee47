// Validation of the routes and output paths a bundle asks for: every one must stay inside the
// output folder, be unique, and not collide with what the site stage generates itself.

/** Top-level names the site stage owns (Astro assets, search index, marker, 404). */
const RESERVED_TOP = new Set(['_astro', 'pagefind', '404.html', '.livewiki-output', 'favicon.svg']);

/** Path segments that must never be published (RELIABILITY U5). */
export function isForbiddenSegment(segment: string): boolean {
  const s = segment.toLowerCase();
  return s === '.git' || s === 'node_modules' || s === '.env' || s.startsWith('.env.') || s === '.npmrc' || s === '.ssh';
}

function badSegment(segment: string): boolean {
  return segment === '' || segment === '.' || segment === '..' || /[\u0000-\u001f\u007f\\:*?"<>|%#]/.test(segment);
}

/** Why a page route is unusable, or null when it is fine. */
export function routeProblem(route: string): string | null {
  if (route === '/') return null;
  if (!route.startsWith('/') || !route.endsWith('/')) return 'must start and end with "/"';
  const segments = route.slice(1, -1).split('/');
  if (segments.some(badSegment)) return 'has an empty, dot or unsafe segment';
  if (segments.some(isForbiddenSegment)) return 'names a path that must never be published';
  if (RESERVED_TOP.has(segments[0] ?? '') || segments[0] === '404') return 'collides with a generated path';
  return null;
}

/** Why an output file path is unusable, or null when it is fine. */
export function outPathProblem(outPath: string): string | null {
  if (outPath.startsWith('/')) return 'must be relative';
  const segments = outPath.split('/');
  if (segments.some(badSegment)) return 'has an empty, dot or unsafe segment';
  if (segments.some(isForbiddenSegment)) return 'names a path that must never be published';
  if (RESERVED_TOP.has(segments[0] ?? '')) return 'collides with a generated path';
  if (segments.at(-1) === 'index.html') return 'would replace a generated page';
  return null;
}
