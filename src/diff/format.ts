// The report as Markdown (terminal, job summary) and as a sticky pull-request comment: one
// comment per pull request, found again by its hidden marker and updated in place, collapsed
// when there is nothing to say. Everything quoted comes from the repository (titles, keys,
// paths): it is escaped so it can neither format the comment, nor inject HTML, nor @-mention.

import { findingsOf, isEmpty, type DiffPage, type DiffReport, type DiffSection } from './report.ts';
import type { DiffStale } from './stale.ts';

/** The hidden marker a workflow finds the comment by (README, "livewiki diff"). */
export const DIFF_MARKER = '<!-- livewiki-diff -->';

/** GitHub refuses comments over 65,536 characters; lists are cut well before. */
const MAX_ITEMS = 50;
const MAX_CHARS = 60_000;

/** Text as inline Markdown: no markup, no HTML, no mentions, one line. */
export function text(s: string): string {
  return s
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\\`*_{}[\]()#+!|~>-]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/@/g, '&#64;')
    .slice(0, 300);
}

/** A name as a code span (a fence longer than any backtick run inside). */
export function code(s: string): string {
  const one = s.replace(/[\r\n\t]+/g, ' ').slice(0, 300);
  const run = Math.max(0, ...[...one.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(run + 1);
  const pad = one.startsWith('`') || one.endsWith('`') || one === '' ? ' ' : '';
  return `${fence}${pad}${one}${pad}${fence}`;
}

function list<T>(items: T[], line: (item: T) => string): string[] {
  const shown = items.slice(0, MAX_ITEMS).map((i) => `- ${line(i)}`);
  if (items.length > MAX_ITEMS) shown.push(`- … and ${items.length - MAX_ITEMS} more (see \`livewiki diff --format json\`)`);
  return shown;
}

const page = (p: DiffPage): string => `${text(p.title)} ${code(p.route)}`;
const section = (s: DiffSection): string => `${text(s.title)} ${code(`${s.page}#${s.anchor}`)}${s.file ? ` (${code(s.line ? `${s.file}:${s.line}` : s.file)})` : ''}`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function summaryLine(r: DiffReport): string {
  const f = findingsOf(r);
  const parts = [
    plural(r.pages.added.length, 'page') + ' added',
    `${r.pages.moved.length} moved`,
    `${r.pages.removed.length} removed`,
    `${r.pages.changed.length} changed`,
    plural(r.sections.changed.length + r.sections.added.length + r.sections.removed.length + r.sections.moved.length, 'section') + ' touched',
    plural(f.breaking, 'breaking API change'),
    plural(f.secrets, 'secret'),
    plural(f.links, 'broken link'),
    `${r.stale.made.length} made stale · ${r.stale.fresh.length} fresh`,
  ];
  return parts.join(' · ');
}

function header(r: DiffReport): string {
  const base = r.base.commit === r.base.mergeBase ? `${code(r.base.ref)} (${r.base.commit.slice(0, 12)})` : `${code(r.base.ref)} (merge base ${r.base.mergeBase.slice(0, 12)})`;
  return `Compared ${base} with ${code(r.head.ref)} (${r.head.commit.slice(0, 12)}) in ${code(r.repo)}: ${plural(r.commits, 'commit')}, ${plural(r.files.length, 'file')} changed.`;
}

/** The whole report as Markdown. */
export function diffMarkdown(r: DiffReport): string {
  const out: string[] = ['## livewiki: what this change does to the wiki', '', header(r), '', `**${summaryLine(r)}**`];
  const block = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push('', `### ${title}`, '', ...lines);
  };
  const breaking = r.api.filter((a) => a.breaking > 0);
  block(
    'Breaking API changes',
    breaking.flatMap((a) => [`- ${code(a.spec)}: ${plural(a.breaking, 'breaking change')}`, ...list(a.changes.filter((c) => c.breaking === true), (c) => `${code(c.key)} ${text(c.summary)} (${code(c.check)})`).map((l) => `  ${l}`)]),
  );
  block(
    'Secrets in changed files',
    list(r.secrets, (s) => `${code(`${s.file}:${s.line}:${s.column}`)} rule ${code(s.rule)}, fingerprint ${code(s.fingerprint)}${s.new ? ' (new in this change)' : ''}: remove it and rotate it; it is in the history now.`),
  );
  block('Broken links in changed files', list(r.links, (l) => `${code(l.line ? `${l.file}:${l.line}` : l.file)} ${text(l.message)}`));
  block('Pages', [
    ...list(r.pages.added, (p) => `added ${page(p)}`),
    ...list(r.pages.moved, (m) => `moved ${text(m.from.title)} ${code(m.from.route)} → ${code(m.to.route)}`),
    ...list(r.pages.removed, (p) => `removed ${page(p)}`),
    ...list(r.pages.changed, (p) => {
      const c = p.sections;
      const what = [c.changed ? `${c.changed} changed` : '', c.added ? `${c.added} added` : '', c.removed ? `${c.removed} removed` : '', c.moved ? `${c.moved} moved` : ''].filter(Boolean);
      return `changed ${page(p)}${what.length > 0 ? `: sections ${what.join(', ')}` : ''}`;
    }),
  ]);
  block('Sections', [
    ...list(r.sections.changed, (s) => `changed ${section(s)}`),
    ...list(r.sections.added, (s) => `added ${section(s)}`),
    ...list(r.sections.removed, (s) => `removed ${section(s)}`),
    ...list(r.sections.moved, (m) => `moved ${text(m.from.title)} ${code(`${m.from.page}#${m.from.anchor}`)} → ${code(`${m.to.page}#${m.to.anchor}`)}`),
  ]);
  const where = (x: DiffStale) => code(x.anchor ? `${x.page}#${x.anchor}` : x.page);
  block('Stale docs', [
    ...list(r.stale.made, (x) => `made stale: ${text(x.title)} ${where(x)}${x.because.length > 0 ? `: ${x.because.map(text).join('; ')}` : ''}`),
    ...list(r.stale.fresh, (x) => `made fresh: ${text(x.title)} ${where(x)}`),
  ]);
  block('URLs once published', [
    ...list(r.urls.redirects, (x) => `${code(x.from)} redirects to ${code(x.to)}`),
    ...list(r.urls.tombstones, (t) => `${code(t.route)} becomes a tombstone (${text(t.title)} was removed)`),
    ...list(r.urls.anchors, (a) => (a.to ? `${code(a.from)} now answers at ${code(a.to)}` : `${code(a.from)} is listed as no longer on its page`)),
  ]);
  const other = r.api.filter((a) => a.breaking === 0);
  block(
    breaking.length > 0 ? 'Other API changes' : 'API changes',
    other.flatMap((a) =>
      a.status === 'changed'
        ? [`- ${code(a.spec)}: ${plural(a.changes.length, 'change')}`, ...list(a.changes, (c) => `${code(c.key)} ${text(c.summary)}`).map((l) => `  ${l}`)]
        : [`- ${code(a.spec)}: description ${a.status}`],
    ),
  );
  block('Notes', list(r.notes, (n) => `${n.severity}: ${text(n.message)}${n.hint ? ` ${text(n.hint)}` : ''}`));
  let md = `${out.join('\n')}\n`;
  if (md.length > MAX_CHARS) md = `${md.slice(0, MAX_CHARS)}\n\n… (cut to fit a comment; the job summary and \`livewiki diff --format json\` have it all)\n`;
  return md;
}

/** The sticky comment: the marker, then the report, collapsed when there is nothing to say. */
export function githubComment(r: DiffReport): string {
  if (isEmpty(r)) {
    const notes = r.notes.length > 0 ? `\n${list(r.notes, (n) => `${n.severity}: ${text(n.message)}`).join('\n')}\n` : '';
    return `${DIFF_MARKER}\n<details><summary>livewiki: no changes to the wiki</summary>\n\n${header(r)}\n${notes}</details>\n`;
  }
  return `${DIFF_MARKER}\n${diffMarkdown(r)}`;
}

/** The job summary ($GITHUB_STEP_SUMMARY): the full report, without the marker. */
export function githubSummary(r: DiffReport): string {
  return diffMarkdown(r);
}
