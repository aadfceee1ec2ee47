// CODEOWNERS (GitHub/GitLab syntax): `pattern owner…` lines, `#` comments, GitLab `[Section]`
// headers ignored. Located diagnostics for lines without owners.

import type { Diagnostics } from '../model/diagnostics.ts';

export const CODEOWNERS_PATHS = ['CODEOWNERS', '.github/CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'];

export interface OwnerRule {
  pattern: string;
  owners: string[];
  line: number;
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
