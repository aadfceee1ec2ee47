// The absolute URL of a route under the configured site URL, for canonical links. The same as
// routeUrl in src/site/urls.ts (test/site/urls.test.ts checks they agree): the published package
// ships this theme without livewiki's TypeScript sources, so the theme imports nothing of src/.

/** `https://acme.github.io/wiki/` + `/r/docs/x/` → `https://acme.github.io/wiki/r/docs/x/`. */
export function absoluteUrl(siteUrl: string, route: string): string {
  const base = new URL(siteUrl);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  // Percent-encodes what needs it (non-ASCII routes); `./` keeps any segment from reading as a scheme.
  return new URL(`./${route.replace(/^\/+/, '')}`, base).href;
}
