// The Requirements page data: runtimes, dependencies, environment variables and external
// services, gathered from manifests and the parsed configuration (no code is read or run).

import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { parse as parseTomlText } from 'smol-toml';
import type { SourceRef } from '../../model/page.ts';
import { safeText, type EnvVarUse, type ParsedConfig } from './model.ts';
import { endLineAt, lineAt, lineStarts } from '../source-lines.ts';
import type { RepoFiles } from '../../model/snapshot.ts';

export interface RequirementRow {
  name: string;
  value: string;
  note: string;
  path: string;
  lines: [number, number] | null;
}

export interface RequirementGroup {
  key: string;
  title: string;
  intro: string;
  rows: RequirementRow[];
}

function jsonLines(text: string, node: JsonNode | undefined, starts: number[]): [number, number] | null {
  if (!node) return null;
  const start = node.parent?.type === 'property' ? node.parent.offset : node.offset;
  return [lineAt(starts, start), endLineAt(text, starts, start, node.offset + node.length)];
}

function packageJson(files: RepoFiles, runtimes: RequirementRow[], deps: Map<string, RequirementRow[]>): string[] {
  const read: string[] = [];
  for (const path of files.paths.filter((p) => /(^|\/)package\.json$/.test(p) && !/(^|\/)node_modules\//.test(p))) {
    const text = files.read(path);
    if (text === null) continue;
    const root = parseTree(text, [], { allowTrailingComma: true });
    if (!root || root.type !== 'object') continue;
    read.push(path);
    const starts = lineStarts(text);
    const engines = findNodeAtLocation(root, ['engines']);
    for (const prop of engines?.type === 'object' ? (engines.children ?? []) : []) {
      const [k, v] = prop.children ?? [];
      if (k && v) runtimes.push({ name: safeText(String(k.value)), value: safeText(String(v.value)), note: 'engines', path, lines: jsonLines(text, v, starts) });
    }
    const pm = findNodeAtLocation(root, ['packageManager']);
    if (pm && typeof pm.value === 'string') {
      const [name, version] = pm.value.split('@');
      runtimes.push({ name: safeText(name ?? ''), value: safeText((version ?? '').split('+')[0] ?? ''), note: 'packageManager', path, lines: jsonLines(text, pm, starts) });
    }
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      const node = findNodeAtLocation(root, [field]);
      if (node?.type !== 'object') continue;
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || !v) continue;
        const group = deps.get(field) ?? [];
        group.push({ name: safeText(String(k.value)), value: safeText(String(v.value)), note: path === 'package.json' ? '' : path, path, lines: jsonLines(text, v, starts) });
        deps.set(field, group);
      }
    }
  }
  return read;
}

function pythonDeps(files: RepoFiles, runtimes: RequirementRow[], deps: Map<string, RequirementRow[]>): string[] {
  const read: string[] = [];
  if (files.paths.includes('requirements.txt')) {
    const text = files.read('requirements.txt');
    if (text !== null) {
      read.push('requirements.txt');
      text.split(/\r?\n/).forEach((l, i) => {
        const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]*\])?)\s*([<>=!~].*?)?\s*(?:#.*)?$/.exec(l);
        if (!m || /^\s*-/.test(l)) return;
        const group = deps.get('python') ?? [];
        group.push({ name: safeText(m[1] ?? ''), value: safeText((m[2] ?? '').trim()), note: '', path: 'requirements.txt', lines: [i + 1, i + 1] });
        deps.set('python', group);
      });
    }
  }
  if (files.paths.includes('pyproject.toml')) {
    const text = files.read('pyproject.toml');
    try {
      const data = text === null ? null : (parseTomlText(text, { integersAsBigInt: 'asNeeded' }) as Record<string, unknown>);
      const project = data && typeof data.project === 'object' && data.project !== null ? (data.project as Record<string, unknown>) : null;
      if (project) {
        read.push('pyproject.toml');
        if (typeof project['requires-python'] === 'string') runtimes.push({ name: 'python', value: safeText(project['requires-python']), note: 'requires-python', path: 'pyproject.toml', lines: null });
        for (const spec of Array.isArray(project.dependencies) ? project.dependencies : []) {
          const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]*\])?)\s*(.*)$/.exec(String(spec));
          const group = deps.get('python') ?? [];
          group.push({ name: safeText(m?.[1] ?? String(spec)), value: safeText(m?.[2] ?? ''), note: '', path: 'pyproject.toml', lines: null });
          deps.set('python', group);
        }
      }
    } catch {
      // The TOML page of pyproject.toml reports the parse error.
    }
  }
  return read;
}

function versionFiles(files: RepoFiles, runtimes: RequirementRow[]): string[] {
  const read: string[] = [];
  const single: Record<string, string> = { '.nvmrc': 'node', '.node-version': 'node', '.python-version': 'python', '.ruby-version': 'ruby', '.java-version': 'java', '.go-version': 'go' };
  for (const [file, tool] of Object.entries(single)) {
    if (!files.paths.includes(file)) continue;
    const text = files.read(file);
    const lineIndex = text?.split(/\r?\n/).findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? -1;
    if (text === null || lineIndex < 0) continue;
    read.push(file);
    runtimes.push({ name: tool, value: safeText((text.split(/\r?\n/)[lineIndex] ?? '').trim()), note: file, path: file, lines: [lineIndex + 1, lineIndex + 1] });
  }
  if (files.paths.includes('.tool-versions')) {
    const text = files.read('.tool-versions');
    if (text !== null) {
      read.push('.tool-versions');
      text.split(/\r?\n/).forEach((l, i) => {
        const m = /^\s*([\w.-]+)\s+([^#\s][^#]*?)\s*(#.*)?$/.exec(l);
        if (m) runtimes.push({ name: safeText(m[1] ?? ''), value: safeText(m[2] ?? ''), note: '.tool-versions', path: '.tool-versions', lines: [i + 1, i + 1] });
      });
    }
  }
  if (files.paths.includes('go.mod')) {
    const text = files.read('go.mod');
    const lines = text?.split(/\r?\n/) ?? [];
    const i = lines.findIndex((l) => /^go\s+\S+/.test(l));
    if (i >= 0) {
      read.push('go.mod');
      runtimes.push({ name: 'go', value: safeText((lines[i] ?? '').replace(/^go\s+/, '').trim()), note: 'go.mod', path: 'go.mod', lines: [i + 1, i + 1] });
    }
  }
  return read;
}

const DEP_TITLES: Record<string, string> = {
  dependencies: 'Dependencies (production)',
  devDependencies: 'Development dependencies',
  peerDependencies: 'Peer dependencies',
  optionalDependencies: 'Optional dependencies',
  python: 'Python dependencies',
};

export function gatherRequirements(files: RepoFiles, parsed: { path: string; kind: string; parsed: ParsedConfig }[]): { groups: RequirementGroup[]; read: string[] } {
  const runtimes: RequirementRow[] = [];
  const deps = new Map<string, RequirementRow[]>();
  const read = [...versionFiles(files, runtimes), ...packageJson(files, runtimes, deps), ...pythonDeps(files, runtimes, deps)];
  const env: EnvVarUse[] = [];
  const services: RequirementRow[] = [];
  for (const p of parsed) {
    let used = false;
    for (const img of p.parsed.images) {
      if (p.kind !== 'dockerfile') continue;
      runtimes.push({ name: 'base image', value: img.image, note: '', path: img.path, lines: img.lines });
      used = true;
    }
    for (const e of p.parsed.env) {
      env.push(e);
      used = true;
    }
    for (const s of p.parsed.services) {
      services.push({ name: s.name, value: s.image, note: s.ports.join(', '), path: s.path, lines: s.lines });
      used = true;
    }
    if (used) read.push(p.path);
  }
  const groups: RequirementGroup[] = [];
  groups.push({ key: 'runtimes', title: 'Runtimes', intro: 'Language runtimes, tools and base images, with the versions the repository asks for.', rows: runtimes });
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies', 'python']) {
    const rows = deps.get(field);
    if (rows && rows.length > 0) groups.push({ key: field, title: DEP_TITLES[field] ?? field, intro: '', rows: rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) });
  }
  env.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : a.lines[0] - b.lines[0]));
  groups.push({
    key: 'environment',
    title: 'Environment variables',
    intro: 'Variables the software or its automation reads, by name (values of secrets are never shown).',
    rows: env.map((e) => ({ name: e.name, value: e.value, note: [e.context, e.description].filter((x) => x !== '').join(' · '), path: e.path, lines: e.lines })),
  });
  groups.push({ key: 'services', title: 'External services', intro: 'Services started next to the software (compose) or exposed by it (Kubernetes), with their ports.', rows: services });
  return { groups, read: [...new Set(read)].sort() };
}

export function groupSources(repo: string, group: RequirementGroup): SourceRef[] {
  const seen = new Map<string, SourceRef>();
  for (const r of group.rows) {
    const ref: SourceRef = r.lines ? { repo, path: r.path, lines: r.lines } : { repo, path: r.path };
    seen.set(`${r.path}\0${r.lines?.join('-') ?? ''}`, ref);
  }
  return [...seen.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : (a.lines?.[0] ?? 0) - (b.lines?.[0] ?? 0)));
}
