// One "API changes" page per specification: every change of its operations, schemas and webhooks,
// newest first, grouped by commit, breaking ones marked, removed operations included (the newest
// removal of each carries the anchor the operation had, so old links land on it). Readable
// without JS; the browser filters by release tag ("since v2.3") and by date over `data-order` and
// `data-committed`. Paginated by commits so a long-lived spec's page stays bounded.
import { specPageId, specRouteBase } from '../extract/openapi/ids.ts';
import type { ChangeRecord } from '../model/changes.ts';
import type { ExtractedPage, ExtractedUnit } from '../model/extracted.ts';
import type { TemplateRenderer } from '../model/templates.ts';
import { redact } from '../secrets/index.ts';
import { shortId, type Placed } from './attach.ts';
import type { Source } from './sources.ts';
import type { RepoTag } from './tags.ts';
import { summaryHtml } from './summary.ts';

/** Commits per page. */
export const COMMITS_PER_PAGE = 50;
/** Changes listed under one commit (a large refactor says how many more). */
const CHANGES_PER_COMMIT = 60;

export interface ApiPagePlan {
  source: Source;
  /** Commit sha → index of the page part that lists it. */
  part: Map<string, number>;
  parts: number;
  base: string;
}

export function apiChangesRoute(base: string, part: number): string {
  return part === 0 ? `${base}changes/` : `${base}changes/page/${part + 1}/`;
}

/** Which page part lists each commit of a spec's changes (newest first). */
export function planApiPage(source: Source, commitsNewestFirst: string[]): ApiPagePlan {
  const part = new Map<string, number>();
  commitsNewestFirst.forEach((sha, i) => part.set(sha, Math.floor(i / COMMITS_PER_PAGE)));
  return { source, part, parts: Math.max(1, Math.ceil(commitsNewestFirst.length / COMMITS_PER_PAGE)), base: specRouteBase(source.repo, source.path) };
}


const KIND_LABEL: Record<string, string> = { operation: 'Operation', schema: 'Schema' };

export function apiChangesPages(plan: ApiPagePlan, placed: Placed[], tags: RepoTag[], releases: string[], templates: TemplateRenderer): ExtractedUnit {
  const { source } = plan;
  const overview = source.pages[0];
  const apiTitle = overview?.title ?? source.path;
  // Commits newest first (placed is in history order), each with its changes.
  const commits: { placed: Placed[] }[] = [];
  const index = new Map<string, number>();
  for (const p of placed) {
    const sha = p.record.commit;
    let i = index.get(sha);
    if (i === undefined) {
      i = commits.push({ placed: [] }) - 1;
      index.set(sha, i);
    }
    commits[i]!.placed.push(p);
  }
  const tagByName = new Map(tags.map((t) => [t.tag, t]));
  // Newest release first in the filter.
  const releaseOptions = [...releases].reverse().map((tag) => ({ tag, order: tagByName.get(tag)!.position }));
  const pageId = specPageId(source.repo, source.path);
  const pages: ExtractedPage[] = [];
  for (let part = 0; part < plan.parts; part++) {
    const chunk = commits.slice(part * COMMITS_PER_PAGE, (part + 1) * COMMITS_PER_PAGE);
    const route = apiChangesRoute(plan.base, part);
    const entries = chunk.map(({ placed: items }) => {
      const { event } = items[0]!;
      const c = event.commit;
      const shown = items.slice(0, CHANGES_PER_COMMIT);
      return {
        id: shortId(c.sha),
        order: event.position,
        committedAt: c.committedAt,
        authoredAt: c.authoredAt,
        sha: c.sha,
        url: c.url,
        subject: redact(c.subject),
        authors: [c.author, ...c.coAuthors].map((p) => ({ name: redact(p.name), bot: p.bot })),
        pulls: c.refs.pulls,
        tickets: c.refs.tickets,
        issues: c.refs.issues,
        breaking: items.some((p) => p.record.breaking === true),
        changes: shown.map(({ record, event: e }) => ({
          id: record.page === route && record.anchor !== null && record.anchor !== shortId(c.sha) ? record.anchor : '',
          kindLabel: KIND_LABEL[record.kind] ?? 'Webhook',
          key: record.key,
          href: record.page !== route && record.anchor !== null ? `${record.page}#${record.anchor}` : '',
          change: record.change,
          breaking: record.breaking === true,
          summaryHtml: summaryHtml(record.summary, templates.escape),
          removedEntity: e.found.oldAnchor !== undefined,
        })),
        more: Math.max(0, items.length - shown.length),
      };
    });
    const bodyHtml = templates.render('changes/api-changes', {
      title: `API changes — ${apiTitle}`,
      overviewRoute: overview?.route ?? plan.base,
      apiTitle,
      total: commits.length,
      first: part * COMMITS_PER_PAGE + 1,
      last: part * COMMITS_PER_PAGE + chunk.length,
      releases: releaseOptions,
      entries,
      pagination: plan.parts > 1 ? Array.from({ length: plan.parts }, (_, i) => ({ number: i + 1, route: apiChangesRoute(plan.base, i), current: i === part })) : [],
    });
    pages.push({
      id: part === 0 ? `${pageId}/changes` : `${pageId}/changes/page-${part + 1}`,
      route,
      title: part === 0 ? `API changes — ${apiTitle}` : `API changes — ${apiTitle} (page ${part + 1})`,
      kind: 'changes',
      repo: source.repo,
      navDir: overview?.navDir ?? '',
      navOrder: `${apiTitle}#4${String(part).padStart(4, '0')}`,
      description: `Every change to the operations and schemas of ${apiTitle}, newest first, breaking changes marked.`,
      // Every file the spec is made of: the page changes when any of them does.
      sources: source.files.map((path) => ({ repo: source.repo, path })),
      sections: [],
      body: [bodyHtml],
    });
  }
  return { source: source.path, pages, diagnostics: [] };
}

export type { ChangeRecord };
