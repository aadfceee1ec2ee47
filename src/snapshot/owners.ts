// CODEOWNERS (GitHub/GitLab syntax): `pattern owner…` lines, `#` comments, GitLab `[Section]`
// headers ignored. Located diagnostics for lines without owners.

import type { Diagnostics } from '../model/diagnostics.ts';
import type { OwnerRule, RepoSnapshot } from '../model/snapshot.ts';
import type { RepoReader } from './reader.ts';

export type { OwnerRule } from '../model/snapshot.ts';

/** Where GitHub looks, in its order (the first found wins), then GitLab's extra place. */
export const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'];

/** The repository's CODEOWNERS, parsed once (its problems reported once). */
export async function readOwners(files: RepoReader, diagnostics: Diagnostics): Promise<RepoSnapshot['owners']> {
  await files.load(CODEOWNERS_PATHS);
  for (const file of CODEOWNERS_PATHS) {
    const text = files.read(file);
    if (text !== null) return { file, rules: parseCodeowners(text, file, files.repo, diagnostics) };
  }
  return { file: null, rules: [] };
}

export function parseCodeowners(text: string, file: string, repo: string, diagnostics: Diagnostics): OwnerRule[] {
  const rules: OwnerRule[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '' || /^\^?\[[^\]]*\]/.test(line)) return;
    const [pattern, ...owners] = line.split(/\s+/);
    if (!pattern) return;
    if (owners.length === 0) {
      diagnostics.info('I_CODEOWNERS_NO_OWNER', `"${pattern}" has no owners (it removes ownership)`, { repo, file, line: i + 1 });
    }
    rules.push({ pattern, owners, line: i + 1 });
  });
  return rules;
}

const ownerPatternCache = new Map<string, RegExp>();

/** A CODEOWNERS pattern as a regex over repo-relative paths (gitignore-style, GitHub semantics). */
export function codeownersPatternRegex(pattern: string): RegExp {
  const cached = ownerPatternCache.get(pattern);
  if (cached) return cached;
  let p = pattern.replace(/\\([#\s])/g, '$1');
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.replace(/\/+$/, '');
  // A slash at the start or in the middle anchors the pattern to the repository root.
  const anchored = p.includes('/');
  p = p.replace(/^\/+/, '');
  let body = '';
  for (let i = 0; i < p.length; i++) {
    const ch = p[i] ?? '';
    if (p.startsWith('**/', i)) {
      body += '(?:.*/)?';
      i += 2;
    } else if (p.startsWith('**', i)) {
      body += '.*';
      i += 1;
    } else if (ch === '*') body += '[^/]*';
    else if (ch === '?') body += '[^/]';
    else body += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A pattern naming a directory owns everything below it; a trailing `/` matches directories only.
  // GitHub: `docs/*` owns `docs/a.md` but not `docs/sub/b.md`, so a last segment with a single
  // `*` names files only.
  const last = p.slice(p.lastIndexOf('/') + 1);
  const filesOnly = !dirOnly && /(^|[^*])\*([^*]|$)/.test(last);
  const suffix = dirOnly ? '/.+' : filesOnly ? '' : '(?:/.*)?';
  const re = new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}${suffix}$`, 's');
  ownerPatternCache.set(pattern, re);
  return re;
}

/** Owners of `path`: the last matching rule wins (an owner-less rule removes ownership). */
export function ownersOf(rules: OwnerRule[], path: string): string[] {
  let owners: string[] = [];
  for (const rule of rules) if (codeownersPatternRegex(rule.pattern).test(path)) owners = rule.owners;
  return [...owners];
}
