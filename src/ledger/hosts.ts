// Server-side redirect rules from the URL ledger (issue 15.4): besides the HTML redirect and
// tombstone pages every build writes, the rule files static hosts read, so a moved URL answers
// 301 and a removed one 410 before any page loads.
//
// Which hosts get a file is the `redirects` config key. What each host can say:
// - netlify (`_redirects`): 301 for moves, 410 for removals with the tombstone page as the body
//   (a forced rewrite: the tombstone file exists at that path).
// - cloudflare (`_redirects`, Cloudflare Pages): 301 only; it has no 410, so a removed URL keeps
//   answering 200 with its tombstone page.
// - vercel (`vercel.json`): 301 (`redirects`); Vercel's redirects and rewrites cannot answer 410,
//   so removals keep their tombstone page.
// - nginx (`livewiki-redirects.nginx.conf`): two `map` blocks for the http context ($uri → target,
//   $uri → tombstone file) and, in comments, the three lines a server block needs.
// - s3 (`livewiki-s3-routing-rules.json`): the website configuration's RoutingRules; S3 has no
//   410 (and allows 50 rules, which is said as a warning).
//
// A redirect whose anchors do not all keep their name on the target is left to its HTML page:
// a 301 keeps the browser's #fragment as it is, so only the page's script can send an anchor that
// moved elsewhere to its new home (every URL ever published keeps answering, anchors included).
// Rules are sorted by route; the same ledger always gives byte-identical files.

import type { RedirectHost } from '../config/schema.ts';
import type { LedgerResult } from './carry.ts';

export { REDIRECT_HOSTS, type RedirectHost } from '../config/schema.ts';

/** S3 website configurations hold at most this many routing rules. */
export const S3_MAX_RULES = 50;

export interface RedirectRule {
  /** Route as published (slash-terminated), under the base path. */
  from: string;
  /** 301: the route it moved to; 410: the tombstone's file (its body). */
  status: 301 | 410;
  to: string;
}

export interface HostFile {
  outPath: string;
  content: string;
}

export interface HostRules {
  files: HostFile[];
  /** Redirects left to their HTML page (an anchor moved to another page or another name). */
  pageOnly: string[];
  /** Rules a host cannot take (S3's limit), by host. */
  overLimit: { host: RedirectHost; rules: number; limit: number }[];
}

const byFrom = (a: RedirectRule, b: RedirectRule): number => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0);

/** Joins a site route to the base path the site is served under (`/` or `/team/wiki/`). */
function under(basePath: string, route: string): string {
  const base = basePath.endsWith('/') ? basePath.slice(0, -1) : basePath;
  return `${base}${route}`;
}

/** Whether a server redirect keeps every anchor: each one lives on the target under the same name. */
function anchorsKept(moves: Record<string, string>, to: string): boolean {
  return Object.entries(moves).every(([anchor, target]) => target === `${to}#${anchor}`);
}

/** The rules of a carried ledger: 301 per redirect (that keeps its anchors), 410 per tombstone. */
export function redirectRules(ledger: Pick<LedgerResult, 'redirects' | 'tombstones'>, basePath = '/'): { rules: RedirectRule[]; pageOnly: string[] } {
  const rules: RedirectRule[] = [];
  const pageOnly: string[] = [];
  for (const r of ledger.redirects) {
    const to = r.entry.to;
    if (!to) continue;
    if (!anchorsKept(r.moves, to)) {
      pageOnly.push(r.entry.route);
      continue;
    }
    rules.push({ from: under(basePath, r.entry.route), status: 301, to: under(basePath, to) });
  }
  for (const t of ledger.tombstones) rules.push({ from: under(basePath, t.route), status: 410, to: `${under(basePath, t.route)}index.html` });
  return { rules: rules.sort(byFrom), pageOnly: pageOnly.sort() };
}

const HEADER = 'Written by livewiki from its URL ledger (livewiki-ledger.json); do not edit: the next build replaces it.';

function redirectsFile(rules: RedirectRule[], with410: boolean, host: string): string {
  const lines = [`# ${HEADER}`, `# ${host}: 301 for moved pages${with410 ? ', 410 (body: the tombstone page) for removed ones' : '; removed pages answer with their tombstone page'}.`];
  for (const r of rules) {
    if (r.status === 301) lines.push(`${r.from} ${r.to} 301`);
    else if (with410) lines.push(`${r.from} ${r.to} 410!`);
  }
  return `${lines.join('\n')}\n`;
}

function vercelFile(rules: RedirectRule[]): string {
  const redirects = rules.filter((r) => r.status === 301).map((r) => ({ source: r.from, destination: r.to, statusCode: 301 }));
  return `${JSON.stringify({ redirects }, null, 2)}\n`;
}

function nginxFile(rules: RedirectRule[]): string {
  const moved = rules.filter((r) => r.status === 301);
  const gone = rules.filter((r) => r.status === 410);
  const lines = [
    `# ${HEADER}`,
    '# Include this file in the http context, then in the server block that serves the wiki:',
    '#   if ($livewiki_moved) { return 301 $livewiki_moved; }',
    '#   if ($livewiki_gone) { return 410; }',
    '#   error_page 410 @livewiki_gone;',
    '#   location @livewiki_gone { try_files $livewiki_gone =410; }',
    'map $uri $livewiki_moved {',
    '  default "";',
    ...moved.map((r) => `  ${r.from} ${r.to};`),
    '}',
    'map $uri $livewiki_gone {',
    '  default "";',
    ...gone.map((r) => `  ${r.from} ${r.to};`),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

function s3File(rules: RedirectRule[]): string {
  // Keys have no leading slash; a key condition is a prefix, so a route with other routes under it
  // is not given a rule (it would send those away too).
  const moved = rules.filter((r) => r.status === 301);
  const routes = rules.map((r) => r.from);
  const safe = moved.filter((r) => !routes.some((other) => other !== r.from && other.startsWith(r.from)));
  const routing = safe.map((r) => ({ Condition: { KeyPrefixEquals: r.from.slice(1) }, Redirect: { ReplaceKeyWith: r.to.slice(1), HttpRedirectCode: '301' } }));
  return `${JSON.stringify(routing, null, 2)}\n`;
}

/** The rule files of the chosen hosts (in REDIRECT_HOSTS order), from a carried ledger. */
export function hostRedirectFiles(ledger: Pick<LedgerResult, 'redirects' | 'tombstones'>, hosts: readonly RedirectHost[], basePath = '/'): HostRules {
  const { rules, pageOnly } = redirectRules(ledger, basePath);
  const files: HostFile[] = [];
  const overLimit: HostRules['overLimit'] = [];
  const chosen = new Set(hosts);
  if (chosen.has('netlify')) files.push({ outPath: '_redirects', content: redirectsFile(rules, true, 'Netlify') });
  else if (chosen.has('cloudflare')) files.push({ outPath: '_redirects', content: redirectsFile(rules, false, 'Cloudflare Pages') });
  if (chosen.has('vercel')) files.push({ outPath: 'vercel.json', content: vercelFile(rules) });
  if (chosen.has('nginx')) files.push({ outPath: 'livewiki-redirects.nginx.conf', content: nginxFile(rules) });
  if (chosen.has('s3')) {
    const content = s3File(rules);
    const count = (JSON.parse(content) as unknown[]).length;
    if (count > S3_MAX_RULES) overLimit.push({ host: 's3', rules: count, limit: S3_MAX_RULES });
    files.push({ outPath: 'livewiki-s3-routing-rules.json', content });
  }
  return { files, pageOnly, overLimit };
}
