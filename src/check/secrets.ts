// The secret gate of `livewiki check`, over the rendered bundle instead of a built site.
//
// Two findings fail a check:
// - E_SECRET_IN_SOURCE: a value the redactor had to replace on a page (I_SECRET_REDACTED), located
//   in the page's source file (file:line:column of the value there). The wiki would show a marker,
//   but the secret is committed: it is in the repository and its history, and must be rotated.
// - E_SECRET_IN_OUTPUT: a secret-looking value still in a page body or output file after
//   redaction: the publishing gate (src/site/build.ts, verify stage) would refuse to publish.
import type { Diagnostic, Diagnostics } from '../model/diagnostics.ts';
import type { SiteBundle } from '../model/site.ts';
import { scanText } from '../secrets/index.ts';
import type { PageOrigin } from './links.ts';

export interface SecretCheckInput {
  bundle: SiteBundle;
  /** Every source of the page that owns a route. */
  sourcesOf(route: string): PageOrigin[];
  readSource(origin: PageOrigin): string | null;
  /** Diagnostics of the run so far (the redactor's I_SECRET_REDACTED name the routes). */
  reported: readonly Diagnostic[];
  allowedFingerprints?: ReadonlySet<string>;
}

const ROTATE = 'Remove the value from the source and rotate it: it is in the repository history. If it is a reviewed false positive, allow its fingerprint.';

export function checkSecrets(input: SecretCheckInput, diagnostics: Diagnostics): number {
  const allowed = new Set(input.allowedFingerprints ?? []);
  let count = 0;
  const seen = new Set<string>();

  const redactedRoutes = [...new Set(input.reported.filter((d) => d.code === 'I_SECRET_REDACTED' && d.file?.startsWith('/')).map((d) => d.file!))].sort();
  for (const route of redactedRoutes) {
    let located = false;
    for (const origin of input.sourcesOf(route)) {
      const text = input.readSource(origin);
      if (text === null) continue;
      for (const f of scanText(text, origin.path, allowed)) {
        located = true;
        const key = `${origin.repo}\0${origin.path}\0${f.line}\0${f.column}`;
        if (seen.has(key)) continue;
        seen.add(key);
        count++;
        diagnostics.error('E_SECRET_IN_SOURCE', `A secret-looking value is committed here (rule ${f.rule}, fingerprint ${f.fingerprint}); the wiki shows a redaction marker instead.`, {
          repo: origin.repo,
          file: origin.path,
          line: f.line,
          column: f.column,
          hint: ROTATE,
        });
      }
    }
    if (!located) {
      count++;
      diagnostics.error('E_SECRET_IN_SOURCE', `Page ${route} had secret-looking text redacted (from a commit message, a name or generated text).`, { hint: ROTATE });
    }
  }

  // What would still reach the site: the publishing gate's rules over the redacted bundle.
  for (const page of [...input.bundle.pages].sort((a, b) => (a.route < b.route ? -1 : 1))) {
    for (const f of scanText(page.bodyHtml, `${page.route}index.html`, allowed)) {
      count++;
      diagnostics.error('E_SECRET_IN_OUTPUT', `A secret-looking value would be published on ${page.route} (rule ${f.rule}, fingerprint ${f.fingerprint}); build would refuse to publish.`, {
        file: f.file,
        line: f.line,
        column: f.column,
        hint: ROTATE,
      });
    }
  }
  for (const file of input.bundle.files) {
    for (const f of scanText(file.content, file.outPath, allowed)) {
      count++;
      diagnostics.error('E_SECRET_IN_OUTPUT', `A secret-looking value would be published in ${file.outPath} (rule ${f.rule}, fingerprint ${f.fingerprint}).`, { file: file.outPath, line: f.line, column: f.column, hint: ROTATE });
    }
  }
  return count;
}
