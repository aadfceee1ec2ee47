// The `site` setting (`--site URL`): the absolute URL the wiki is served at. Its path is the base
// every page lives under (a GitHub Pages project site: `https://acme.github.io/wiki/` → `/wiki/`).

/** Why `value` cannot be the site URL, or null when it can. */
export function siteProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not an absolute URL (write it like "https://acme.github.io/wiki/")';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL';
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(value)) return 'must not have a query (?) or fragment (#)';
  return null;
}

/** A valid site URL, normalized: its path ends with `/` (`https://acme.github.io/wiki` → `…/wiki/`). */
export function normalizeSite(value: string): string {
  const url = new URL(value);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}
