// Configuration reference pages (one per file, split when huge) and one Requirements page per
// repository. Every key, service, Kubernetes object and CI job is a `config-key` section with
// its exact lines, so it gets its own provenance. Never throws: a file that fails becomes a
// located diagnostic and a banner.

import { Diagnostics } from '../../model/diagnostics.ts';
import type { ExtractedPage, ExtractedSection, ExtractedUnit } from '../../model/extracted.ts';
import { shortHash, slugSegment } from '../../model/ids.ts';
import type { SourceRef } from '../../model/page.ts';
import type { TemplateRenderer } from '../../model/templates.ts';
import type { OwnerRule, RepoFiles } from '../../model/snapshot.ts';
import { ownersOf } from '../../snapshot/owners.ts';
import { dirOf } from '../../utils/paths.ts';
import { parseDockerfile } from './dockerfile.ts';
import { parseEnv, parseIni, parseProperties } from './flat.ts';
import { composeView, githubWorkflowView, gitlabCiView, helmChartView, kubernetesView } from './formats.ts';
import { parseJson } from './json.ts';
import { emptyParsed, problem, safeText, type ConfigEntry, type ParseContext, type ParsedConfig } from './model.ts';
import { gatherRequirements, groupSources } from './requirements.ts';
import { parseToml } from './toml.ts';
import { parseYaml } from './yaml.ts';

export type { RepoFiles } from '../../model/snapshot.ts';
export { discoverConfig } from './discover.ts';

/** Configuration files larger than this are listed with a warning instead of parsed. */
export const MAX_CONFIG_BYTES = 2 * 1024 * 1024;
/** Keys per page; more are split over `part-N` pages (keeps pages well under 1 MB of HTML). */
export const KEYS_PER_PAGE = 600;

const KIND_LABELS: Record<string, string> = {
  compose: 'Docker Compose file',
  dockerfile: 'Dockerfile',
  k8s: 'Kubernetes manifest',
  'helm-values': 'Helm values',
  'helm-chart': 'Helm chart',
  'gh-workflow': 'GitHub Actions workflow',
  'gitlab-ci': 'GitLab CI pipeline',
  yaml: 'YAML configuration',
  json: 'JSON configuration',
  toml: 'TOML configuration',
  ini: 'INI configuration',
  properties: 'Properties file',
  'env-example': 'Example environment file',
  'secret-file': 'Environment file (values never shown)',
};

function parseFile(ctx: ParseContext, kind: string): ParsedConfig {
  switch (kind) {
    case 'dockerfile':
      return parseDockerfile(ctx);
    case 'json':
      return parseJson(ctx);
    case 'toml':
      return parseToml(ctx);
    case 'ini':
      return parseIni(ctx);
    case 'properties':
      return parseProperties(ctx);
    case 'env-example':
    case 'secret-file':
      return parseEnv(ctx);
    default: {
      const { parsed, docs } = parseYaml(ctx);
      for (const doc of docs) {
        if (kind === 'compose') composeView(ctx, doc, parsed);
        else if (kind === 'gh-workflow') githubWorkflowView(ctx, doc, parsed);
        else if (kind === 'gitlab-ci') gitlabCiView(ctx, doc, parsed);
        else if (kind === 'helm-chart') helmChartView(doc, parsed);
        if (doc.label !== '' && (kind === 'k8s' || kind === 'yaml' || kind === 'helm-values')) kubernetesView(ctx, doc, parsed);
      }
      return parsed;
    }
  }
}

/** Anchors from keys, unique within a page (a short hash of key and line on collision). */
function anchorFor(used: Set<string>, key: string, line: number): string {
  let anchor = `key-${slugSegment(key)}`;
  if (used.has(anchor)) anchor = `${anchor}-${shortHash(`${key}\0${line}`, 6)}`;
  while (used.has(anchor)) anchor = `${anchor}-${shortHash(anchor, 4)}`;
  used.add(anchor);
  return anchor;
}

/** The file's own path, extension kept: apart from Markdown routes (which drop `.md`), and stable. */
export function configRoute(repo: string, path: string): string {
  return `/${repo}/${path.split('/').map(slugSegment).join('/')}/`;
}

export function configPageId(repo: string, path: string): string {
  return `${repo}/config/${path}`;
}

function describeFile(kind: string, parsed: ParsedConfig): string {
  const label = KIND_LABELS[kind] ?? 'Configuration';
  const parts = [`${label}: ${parsed.entries.length} ${parsed.entries.length === 1 ? 'key' : 'keys'}`];
  if (parsed.objects.length > 0) parts.push(`${parsed.objects.length} ${kind === 'compose' ? 'services' : kind === 'k8s' ? 'objects' : 'sections'}`);
  return `${parts.join(', ')}.`;
}

function filePages(repo: string, path: string, kind: string, parsed: ParsedConfig, owners: string[], templates: TemplateRenderer): ExtractedPage[] {
  const id = configPageId(repo, path);
  const route = configRoute(repo, path);
  const title = safeText(path);
  const used = new Set<string>(['lw-keys']);
  const objectAnchors = new Map<string, string>();
  const objectSections: ExtractedSection[] = parsed.objects.map((o) => {
    const anchor = anchorFor(used, o.key, o.lines[0]);
    objectAnchors.set(o.key, anchor);
    return { anchor, kind: 'config-key', key: o.key, title: o.title, depth: 2, sources: [{ repo, path, lines: o.lines }] };
  });
  const keyRows = parsed.entries.map((e) => {
    const objectAnchor = objectAnchors.get(e.key) ?? '';
    return { entry: e, anchor: objectAnchor === '' ? anchorFor(used, e.key, e.lines[0]) : '', objectAnchor };
  });
  const chunks: (typeof keyRows)[] = [];
  for (let i = 0; i < keyRows.length; i += KEYS_PER_PAGE) chunks.push(keyRows.slice(i, i + KEYS_PER_PAGE));
  if (chunks.length === 0) chunks.push([]);
  const partRoute = (i: number) => (i === 0 ? route : `${route}part-${i + 1}/`);
  const partLabel = (i: number) => {
    const c = chunks[i] ?? [];
    return `Keys ${i * KEYS_PER_PAGE + 1}–${i * KEYS_PER_PAGE + c.length}`;
  };
  const description = describeFile(kind, parsed);
  return chunks.map((chunk, i) => {
    const keySections: ExtractedSection[] = chunk
      .filter((r) => r.anchor !== '')
      .map((r) => ({
        anchor: r.anchor,
        kind: 'config-key' as const,
        key: r.entry.key,
        title: r.entry.key,
        // Top-level keys reach the table of contents; nested keys stay out of it.
        depth: r.entry.level <= 0 ? 2 : Math.min(6, 3 + r.entry.level),
        sources: [{ repo, path, lines: r.entry.lines }],
        config: { type: r.entry.type, value: r.entry.defaultText || r.entry.value, description: r.entry.description },
      }));
    const sections = i === 0 ? [...objectSections, ...keySections] : keySections;
    const page: ExtractedPage = {
      id: i === 0 ? id : `${id}/part-${i + 1}`,
      route: partRoute(i),
      title: i === 0 ? title : `${title} (${partLabel(i).toLowerCase()})`,
      kind: 'config',
      repo,
      navDir: dirOf(path),
      navOrder: i === 0 ? title : `${title}\u0000${String(i).padStart(4, '0')}`,
      description,
      sources: [{ repo, path }],
      sections,
      ...(owners.length > 0 ? { owners } : {}),
      ...(parsed.banners.length > 0 ? { banners: parsed.banners.slice(0, 20) } : {}),
      body: templates.parts(
        templates.render('config/page', {
          kindLabel: KIND_LABELS[kind] ?? 'Configuration',
          path: title,
          owners,
          summary: i === 0 ? parsed.summary : [],
          objects:
            i === 0
              ? parsed.objects.map((o) => {
                  const anchor = objectAnchors.get(o.key) ?? '';
                  return { anchor, key: o.key, title: o.title, start: o.lines[0], end: o.lines[1], facts: o.facts, badgeHtml: anchor === '' ? '' : templates.slot(anchor) };
                })
              : [],
          keysHeading: chunks.length > 1 ? partLabel(i) : 'Keys',
          keys: chunk.map((r) => rowView(r.entry, r.anchor, r.objectAnchor, r.anchor === '' ? '' : templates.slot(r.anchor))),
          keyCount: keyRows.length,
          parts: chunks.length > 1 ? chunks.map((_, j) => ({ label: partLabel(j), route: partRoute(j), current: j === i })) : [],
        }),
      ),
    };
    return page;
  });
}

function rowView(e: ConfigEntry, anchor: string, objectAnchor: string, badgeHtml: string) {
  return {
    anchor,
    objectAnchor,
    badgeHtml: anchor === '' ? '' : badgeHtml,
    key: e.key,
    level: Math.max(0, Math.min(e.level, 9)),
    type: e.type,
    value: e.value,
    multiline: e.value.includes('\n'),
    defaultText: e.defaultText,
    descriptionLines: e.description === '' ? [] : e.description.split('\n'),
  };
}

function requirementsPage(
  files: RepoFiles,
  parsed: { path: string; kind: string; parsed: ParsedConfig }[],
  pageRoutes: Map<string, string>,
  templates: TemplateRenderer,
): ExtractedPage {
  const { repo } = files;
  const { groups, read } = gatherRequirements(files, parsed);
  const used = new Set<string>();
  const views = groups.map((g) => ({ group: g, anchor: anchorFor(used, g.key, 0).replace(/^key-/, '') }));
  const sections: ExtractedSection[] = views
    .filter((v) => v.group.rows.length > 0)
    .map((v) => ({ anchor: v.anchor, kind: 'config-key' as const, key: v.group.key, title: v.group.title, depth: 2, sources: groupSources(repo, v.group) }));
  const counts = groups.filter((g) => g.rows.length > 0).map((g) => `${g.rows.length} ${g.title.toLowerCase()}`);
  const sources: SourceRef[] = read.map((path) => ({ repo, path }));
  return {
    id: `${repo}/requirements`,
    route: `/${repo}/requirements/`,
    title: 'Requirements',
    kind: 'requirements',
    repo,
    navDir: '',
    navOrder: '\u0000requirements',
    description: counts.length > 0 ? `What ${repo} needs: ${counts.join(', ')}.` : `What ${repo} needs to run.`,
    sources,
    sections,
    body: templates.parts(
      templates.render('config/requirements', {
        empty: sections.length === 0,
        groups: views.map((v) => ({
          anchor: v.anchor,
          title: v.group.title,
          intro: v.group.intro,
          valueHeading: v.group.key === 'environment' ? 'Default / example' : v.group.key === 'services' ? 'Image' : 'Version',
          badgeHtml: templates.slot(v.anchor),
          rows: v.group.rows.map((r) => ({
            name: r.name,
            value: r.value,
            note: r.note,
            path: r.path,
            route: pageRoutes.get(r.path) ?? '',
            lines: r.lines,
            line: r.lines ? r.lines[0] : '',
          })),
        })),
      }),
    ),
  };
}

export interface ConfigFileInput {
  repo: string;
  path: string;
  kind: string;
  /** The file's text (byte-order mark included, as read). */
  text: string;
  /** CODEOWNERS owners of the file. */
  owners: string[];
  templates: TemplateRenderer;
  diagnostics: Diagnostics;
}

/** One configuration file → its pages and what the Requirements page needs of it. A pure function of the input. */
export function extractConfigFile(input: ConfigFileInput): { pages: ExtractedPage[]; parsed: ParsedConfig } {
  const { repo, path, kind, text, owners, templates, diagnostics } = input;
  const ctx: ParseContext = { repo, path, text: text.replace(/^\uFEFF/, ''), diagnostics, secretFile: kind === 'secret-file' };
  let parsed: ParsedConfig;
  if (text.length > MAX_CONFIG_BYTES) {
    parsed = emptyParsed();
    problem(ctx, parsed, 'warning', 'W_CONFIG_TOO_LARGE', `This file is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MB; its keys are not listed.`);
  } else {
    parsed = parseFile(ctx, kind);
  }
  return { pages: filePages(repo, path, kind, parsed, owners, templates), parsed };
}

export type ExtractConfigFile = typeof extractConfigFile;

/**
 * One unit per configuration file (its pages and diagnostics), then the repository's Requirements
 * page as a unit of its own. Never throws.
 */
export function extractConfig(input: {
  files: RepoFiles;
  found: { path: string; kind: string }[];
  /** The repository's CODEOWNERS rules. */
  owners: OwnerRule[];
  templates: TemplateRenderer;
  /** Replaces the per-file extractor (incremental builds pass a cached one). */
  extractFile?: ExtractConfigFile;
}): ExtractedUnit[] {
  const { files, found, templates, owners: rules } = input;
  const extractFile = input.extractFile ?? extractConfigFile;
  const { repo } = files;
  const units: ExtractedUnit[] = [];
  const parsedFiles: { path: string; kind: string; parsed: ParsedConfig }[] = [];
  const pageRoutes = new Map<string, string>();
  for (const { path, kind } of [...found].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    // Key and credential files are never read (only real `.env` files are, for their key names).
    if (kind === 'secret-file' && !/(^|\/)\.env(\.[^/]*)?$|\.env$/i.test(path)) continue;
    const diagnostics = new Diagnostics();
    const unit: ExtractedUnit = { source: path, pages: [], diagnostics: diagnostics.items };
    try {
      const text = files.read(path);
      if (text === null) continue;
      const owners = rules.length > 0 ? ownersOf(rules, path) : [];
      const out = extractFile({ repo, path, kind, text, owners, templates, diagnostics });
      parsedFiles.push({ path, kind, parsed: out.parsed });
      pageRoutes.set(path, out.pages[0]?.route ?? '');
      unit.pages = out.pages;
    } catch (error) {
      diagnostics.error('E_EXTRACT', `could not extract this configuration file: ${safeText((error as Error).message ?? String(error))}`, {
        repo,
        file: path,
        hint: 'This is a bug in livewiki if the file is valid; please report it with the file.',
      });
    }
    units.push(unit);
  }
  const diagnostics = new Diagnostics();
  const requirements: ExtractedUnit = { source: '', pages: [], diagnostics: diagnostics.items };
  try {
    // A repository that declares nothing gets no empty Requirements page.
    const page = requirementsPage(files, parsedFiles, pageRoutes, templates);
    if (page.sections.length > 0) requirements.pages.push(page);
  } catch (error) {
    diagnostics.error('E_EXTRACT', `could not build the Requirements page: ${safeText((error as Error).message ?? String(error))}`, { repo });
  }
  units.push(requirements);
  return units;
}

export type { ConfigEntry, ParsedConfig } from './model.ts';
