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
import type { SourceRef } from '../model/page.ts';
import type { WikiTree } from '../model/wiki.ts';
import { decodePointerToken, fingerprintOf, redactForLog, redactNameForLog, redactPointerForLog, scanText } from '../secrets/index.ts';
import { findHits } from '../secrets/redact.ts';
import { GATE_RULES } from '../secrets/rules.ts';
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

/**
 * Routes and anchors are made from names: file and folder names, OpenAPI tags, operationIds and
 * schema names, configuration keys. A secret in one of them cannot be redacted from its URL without
 * breaking every link to it, so the output gate stops publishing (fail-closed; heading anchors are
 * made from redacted text instead). This says which source holds it, before the gate's findings,
 * which can only name output files. Names are matched with the gate's rules, which know the
 * lower-cased forms slugs make (`rotate-akiaiosfodnn7example-now`).
 */
export function checkNames(tree: WikiTree, diagnostics: Diagnostics, allowed: ReadonlySet<string> = new Set()): number {
  let count = 0;
  for (const { page } of tree.nodes) {
    const route = redactNameForLog(page.route);
    const names: { name: string; what: string; source: SourceRef | undefined }[] = [
      { name: page.route, what: `The URL of page ${route}`, source: page.sources[0] },
      { name: page.id, what: `The id of page ${route}`, source: page.sources[0] },
      ...page.sections.flatMap((s) => {
        const what = `The anchor of section "${redactForLog(s.key)}" on page ${route}`;
        const source = s.sources[0] ?? page.sources[0];
        return [
          ...[s.anchor, ...(s.aliases ?? [])].map((name) => ({ name, what, source })),
          // A slug may change a value past recognition (`sk_live_…` → `sk-live-…`): a key holding
          // one must have been redacted before its anchor was made.
          ...(/redacted/.test(s.anchor) ? [] : [{ name: s.key, what, source }]),
          ...s.sources.flatMap((src) => (src.pointer ? [{ name: src.pointer.split('/').map(decodePointerToken).join('\n'), what: `The JSON pointer of section "${redactForLog(s.key)}" on page ${route}`, source: src }] : [])),
        ];
      }),
    ];
    const seen = new Set<string>();
    for (const { name, what, source } of names) {
      for (const hit of findHits(name, GATE_RULES)) {
        // The route lower-cases what the id keeps: one value, one finding.
        const fingerprint = fingerprintOf(hit.value.toLowerCase(), page.sources[0]?.path ?? page.route);
        if (allowed.has(fingerprint) || seen.has(fingerprint)) continue;
        seen.add(fingerprint);
        count++;
        const file = source ? redactNameForLog(source.path) : undefined;
        diagnostics.error(
          'E_SECRET_IN_NAME',
          `${what} holds a secret-looking value (rule ${hit.rule}, fingerprint ${fingerprint}), from a name in ${file ?? 'the repository'}: it would be published in URLs, links and livewiki.json, so the site is not published.`,
          {
            ...(page.repo ? { repo: page.repo } : {}),
            ...(file !== undefined ? { file } : {}),
            ...(source?.lines ? { line: source.lines[0] } : {}),
            ...(source?.pointer ? { pointer: redactPointerForLog(source.pointer) } : {}),
          },
        );
      }
    }
  }
  return count;
}
