// The comparison at the heart of `livewiki diff`, on plain data: the base's and the head's page
// records, the files that differ, and the URL ledger carried from the base to the head.
//
// - Sections are matched by identity (kind + key, and the file for headings and config keys,
//   followed through renames), as the ledger matches them; a section is changed when the text of
//   its source lines differs (a file that did not change cannot have changed sections).
// - A page is moved when its base URL becomes a redirect to a URL the base did not have (a
//   renamed document), removed when it becomes a tombstone, added when its URL is new.
// - URL outcomes come from the ledger itself (what the published site will answer), restricted
//   to URLs that were live at the base.

import type { LedgerEntry, LedgerResult } from '../ledger/index.ts';
import type { Page, Section } from '../model/page.ts';
import type { DiffPage, DiffReport, DiffSection } from './report.ts';
import type { FileChange } from './refs.ts';

export interface CompareInput {
  /** The repository compared (other repositories are the same on both sides). */
  repo: string;
  files: FileChange[];
  basePages: Page[];
  headPages: Page[];
  /** Text of a repository file at each side (null when unreadable or absent). */
  baseText(path: string): string | null;
  headText(path: string): string | null;
  /** The ledger the base publishes, and the result of carrying it to the head's pages. */
  baseLedger: LedgerEntry[];
  carried: Pick<LedgerResult, 'redirects' | 'tombstones' | 'lostAnchors'>;
}

export type Comparison = Pick<DiffReport, 'pages' | 'sections' | 'urls'>;

/** Kinds whose identity includes their file (as in the ledger). */
const FILE_KINDS = new Set(['heading', 'config-key']);

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function pageRef(p: Page): DiffPage {
  return { id: p.id, route: p.route, title: p.title, repo: p.repo };
}

function sectionRef(page: Page, s: Section): DiffSection {
  const src = s.sources[0];
  return { page: page.route, anchor: s.anchor, kind: s.kind, key: s.key, title: s.title, file: src?.path ?? null, line: src?.lines?.[0] ?? null };
}

/** A file's lines, split once per side: a large file has thousands of sections. */
type Lines = (path: string) => string[] | null;

function linesOf(read: (path: string) => string | null): Lines {
  const split = new Map<string, string[] | null>();
  return (path) => {
    if (!split.has(path)) split.set(path, read(path)?.split('\n') ?? null);
    return split.get(path)!;
  };
}

/** The text a section is made of: its source lines (whole files for sources without lines). */
function textOf(s: Section, lines: Lines): string {
  return s.sources
    .map((src) => {
      const all = lines(src.path);
      if (all === null) return `\0missing ${src.path}`;
      return (src.lines ? all.slice(src.lines[0] - 1, src.lines[1]) : all).join('\n');
    })
    .join('\0');
}

export function compare(input: CompareInput): Comparison {
  const { repo } = input;
  const renamed = new Map(input.files.filter((f) => f.status === 'renamed').map((f) => [f.from!, f.path]));
  const changedAtHead = new Set(input.files.filter((f) => f.status !== 'removed').map((f) => f.path));
  const mine = (p: Page) => p.repo === repo;
  const basePages = input.basePages.filter(mine);
  const headPages = input.headPages.filter(mine);
  const baseByRoute = new Map(basePages.map((p) => [p.route, p]));
  const headByRoute = new Map(headPages.map((p) => [p.route, p]));

  const identity = (s: Section, side: 'base' | 'head'): string => {
    let file = FILE_KINDS.has(s.kind) ? (s.sources[0]?.path ?? '') : '';
    if (side === 'base' && file !== '') file = renamed.get(file) ?? file;
    return `${s.kind}\0${s.key}\0${file}`;
  };
  const index = (pages: Page[], side: 'base' | 'head') => {
    const out = new Map<string, { page: Page; section: Section }>();
    for (const page of pages) for (const section of page.sections) if (!out.has(identity(section, side))) out.set(identity(section, side), { page, section });
    return out;
  };
  const baseLines = linesOf(input.baseText);
  const headLines = linesOf(input.headText);
  const baseSections = index(basePages, 'base');
  const headSections = index(headPages, 'head');

  // Pages: moved (a redirect to a URL that is new), removed (a tombstone), added (a new URL).
  const wasLive = new Map(input.baseLedger.filter((e) => e.state === 'live').map((e) => [e.route, e]));
  const moved: Comparison['pages']['moved'] = [];
  const movedTo = new Map<string, string>();
  const redirects: Comparison['urls']['redirects'] = [];
  const anchors: Comparison['urls']['anchors'] = [];
  for (const r of input.carried.redirects) {
    const from = r.entry.route;
    const to = r.entry.to;
    if (!to || !wasLive.has(from)) continue;
    redirects.push({ from, to });
    const before = baseByRoute.get(from);
    const after = headByRoute.get(to);
    if (before && after && !baseByRoute.has(to)) {
      moved.push({ from: pageRef(before), to: pageRef(after) });
      movedTo.set(from, to);
    }
    const liveAnchors = new Set(wasLive.get(from)!.anchors.filter((a) => !a.removed).map((a) => a.anchor));
    for (const [anchor, target] of Object.entries(r.moves)) {
      if (!liveAnchors.has(anchor) || target === `${to}#${anchor}`) continue;
      anchors.push({ from: `${from}#${anchor}`, to: r.gone.includes(anchor) ? null : target });
    }
  }
  const tombstones = input.carried.tombstones.filter((t) => wasLive.has(t.route)).map((t) => ({ route: t.route, title: t.title }));
  for (const [route, lost] of Object.entries(input.carried.lostAnchors)) {
    const before = wasLive.get(route);
    if (!before) continue;
    const liveAnchors = new Set(before.anchors.filter((a) => !a.removed).map((a) => a.anchor));
    for (const l of lost) if (liveAnchors.has(l.anchor.anchor)) anchors.push({ from: `${route}#${l.anchor.anchor}`, to: l.to });
  }
  const movedTargets = new Set(movedTo.values());
  const removedPages = basePages.filter((p) => !headByRoute.has(p.route) && !movedTo.has(p.route)).map(pageRef);
  const addedPages = headPages.filter((p) => !baseByRoute.has(p.route) && !movedTargets.has(p.route)).map(pageRef);

  // Sections, by identity.
  const sections: Comparison['sections'] = { added: [], removed: [], changed: [], moved: [] };
  const perPage = new Map<string, { added: number; removed: number; changed: number; moved: number }>();
  const count = (route: string, what: 'added' | 'removed' | 'changed' | 'moved') => {
    const c = perPage.get(route) ?? { added: 0, removed: 0, changed: 0, moved: 0 };
    c[what]++;
    perPage.set(route, c);
  };
  for (const [id, h] of headSections) {
    const b = baseSections.get(id);
    if (!b) {
      sections.added.push(sectionRef(h.page, h.section));
      count(h.page.route, 'added');
      continue;
    }
    const samePlace = (movedTo.get(b.page.route) ?? b.page.route) === h.page.route && b.section.anchor === h.section.anchor;
    if (!samePlace) {
      sections.moved.push({ from: sectionRef(b.page, b.section), to: sectionRef(h.page, h.section) });
      count(h.page.route, 'moved');
    }
    const touched = h.section.sources.some((s) => changedAtHead.has(s.path));
    if (touched && (b.section.title !== h.section.title || textOf(b.section, baseLines) !== textOf(h.section, headLines))) {
      sections.changed.push(sectionRef(h.page, h.section));
      count(h.page.route, 'changed');
    }
  }
  for (const [id, b] of baseSections) {
    if (headSections.has(id)) continue;
    sections.removed.push(sectionRef(b.page, b.section));
    const now = movedTo.get(b.page.route) ?? b.page.route;
    if (headByRoute.has(now)) count(now, 'removed');
  }

  // Changed pages: on both sides (same URL or moved), with section changes or other changed text
  // (a page without sections, its title, its description).
  const changed: Comparison['pages']['changed'] = [];
  for (const h of headPages) {
    const fromRoute = [...movedTo.entries()].find(([, to]) => to === h.route)?.[0] ?? h.route;
    const b = baseByRoute.get(fromRoute);
    if (!b) continue;
    const counts = perPage.get(h.route) ?? { added: 0, removed: 0, changed: 0, moved: 0 };
    const own = h.sources.some((s) => changedAtHead.has(s.path)) && (b.title !== h.title || b.description !== h.description || (h.sections.length === 0 && h.sources.some((s) => input.baseText(renamedBack(renamed, s.path)) !== input.headText(s.path))));
    if (own || counts.added + counts.removed + counts.changed + counts.moved > 0) changed.push({ ...pageRef(h), sections: counts });
  }

  const bySection = (a: DiffSection, b: DiffSection) => byString(a.page, b.page) || byString(a.anchor, b.anchor);
  return {
    pages: {
      added: addedPages.sort((a, b) => byString(a.route, b.route)),
      removed: removedPages.sort((a, b) => byString(a.route, b.route)),
      moved: moved.sort((a, b) => byString(a.from.route, b.from.route)),
      changed: changed.sort((a, b) => byString(a.route, b.route)),
    },
    sections: {
      added: sections.added.sort(bySection),
      removed: sections.removed.sort(bySection),
      changed: sections.changed.sort(bySection),
      moved: sections.moved.sort((a, b) => bySection(a.from, b.from)),
    },
    urls: {
      redirects: redirects.sort((a, b) => byString(a.from, b.from)),
      tombstones: tombstones.sort((a, b) => byString(a.route, b.route)),
      anchors: anchors.sort((a, b) => byString(a.from, b.from)),
    },
  };
}

function renamedBack(renamed: Map<string, string>, path: string): string {
  for (const [from, to] of renamed) if (to === path) return from;
  return path;
}
