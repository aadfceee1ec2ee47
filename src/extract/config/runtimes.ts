// Runtimes and tools declared outside the manifests: `setup-*` actions in GitHub workflows and
// `rust-toolchain(.toml)`. Each row keeps its file and line, so provenance applies to it. Nothing
// is run; workflows are parsed with the safe YAML options and only read.

import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import type { RepoFiles } from '../../model/snapshot.ts';
import { SAFE_YAML } from '../yaml-options.ts';
import { safeText } from './model.ts';

/** A Requirements row (the shape of requirements.ts's RequirementRow). */
interface RequirementRow {
  name: string;
  value: string;
  note: string;
  path: string;
  lines: [number, number] | null;
}

/** `owner/action` → the tool it sets up and the inputs that name its version, most specific first. */
const SETUP_ACTIONS: Record<string, { tool: string; inputs: string[] }> = {
  'actions/setup-node': { tool: 'node', inputs: ['node-version', 'node-version-file'] },
  'oven-sh/setup-bun': { tool: 'bun', inputs: ['bun-version', 'bun-version-file'] },
  'actions/setup-python': { tool: 'python', inputs: ['python-version', 'python-version-file'] },
  'actions/setup-go': { tool: 'go', inputs: ['go-version', 'go-version-file'] },
  'actions/setup-java': { tool: 'java', inputs: ['java-version', 'java-version-file'] },
  'actions/setup-dotnet': { tool: 'dotnet', inputs: ['dotnet-version', 'global-json-file'] },
  'ruby/setup-ruby': { tool: 'ruby', inputs: ['ruby-version'] },
  'denoland/setup-deno': { tool: 'deno', inputs: ['deno-version'] },
  'pnpm/action-setup': { tool: 'pnpm', inputs: ['version'] },
  'astral-sh/setup-uv': { tool: 'uv', inputs: ['version'] },
  'dtolnay/rust-toolchain': { tool: 'rust', inputs: ['toolchain'] },
  'actions-rs/toolchain': { tool: 'rust', inputs: ['toolchain'] },
  'erlef/setup-beam': { tool: 'erlang', inputs: ['otp-version'] },
  'subosito/flutter-action': { tool: 'flutter', inputs: ['flutter-version'] },
};

/** `owner/setup-<tool>` actions not in the table: the tool is the suffix, the version `<tool>-version`. */
const GENERIC_SETUP = /^[\w.-]+\/setup-([\w-]+)$/;

/** Workflows, and composite actions (the repository's own `action.yml`, or one under `.github/`). */
const WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$|^(\.github\/(.+\/)?)?action\.ya?ml$/;

function scalar(node: unknown): string | null {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : null;
}

function lineOf(counter: LineCounter, node: Node | null | undefined): number | null {
  const start = node?.range?.[0];
  return start === undefined ? null : counter.linePos(start).line;
}

/** `${{ matrix.node }}` → the matrix values, when the job lists them. */
function resolveMatrix(value: string, job: YAMLMap): string {
  const m = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(value.trim());
  if (!m) return value;
  const strategy = job.get('strategy', true);
  const matrix = isMap(strategy) ? strategy.get('matrix', true) : null;
  const values = isMap(matrix) ? matrix.get(m[1] ?? '', true) : null;
  if (!isSeq(values)) return value;
  const items = values.items.map(scalar).filter((v): v is string => v !== null);
  return items.length > 0 ? items.join(', ') : value;
}

/** One row per setup step (the same tool and version once per workflow). */
export function workflowRuntimes(files: RepoFiles, runtimes: RequirementRow[]): string[] {
  const read: string[] = [];
  for (const path of files.paths.filter((p) => WORKFLOW.test(p))) {
    const text = files.read(path);
    if (text === null || !/uses:\s*['"]?[\w.-]+\/(setup-|action-setup|rust-toolchain|toolchain|flutter-action)/.test(text)) continue;
    const counter = new LineCounter();
    let doc;
    try {
      doc = parseDocument(text, { ...SAFE_YAML, lineCounter: counter });
    } catch {
      continue;
    }
    // The workflow's own page reports its parse errors.
    if (doc.errors.length > 0 || !isMap(doc.contents)) continue;
    // A workflow's jobs, or a composite action's `runs` (its steps, with no matrix).
    const jobs = doc.contents.get('jobs', true);
    const runs = doc.contents.get('runs', true);
    const jobList = isMap(jobs) ? jobs.items.map((p) => p.value) : isMap(runs) ? [runs] : [];
    const seen = new Set<string>();
    for (const job of jobList) {
      if (!isMap(job)) continue;
      const steps = job.get('steps', true);
      for (const step of isSeq(steps) ? steps.items : []) {
        if (!isMap(step)) continue;
        const usesNode = step.get('uses', true);
        const uses = scalar(usesNode);
        if (uses === null) continue;
        const [action = '', ref = ''] = uses.split('@');
        const known = SETUP_ACTIONS[action];
        const generic = GENERIC_SETUP.exec(action);
        if (!known && !generic) continue;
        const tool = known?.tool ?? generic?.[1] ?? '';
        const inputs = known?.inputs ?? [`${tool}-version`, `${tool}-version-file`, 'version'];
        const withNode = step.get('with', true);
        let value = '';
        let note = action;
        let at: Node | null = isScalar(usesNode) ? usesNode : null;
        for (const input of inputs) {
          const v = isMap(withNode) ? withNode.get(input, true) : null;
          const s = scalar(v);
          if (s === null) continue;
          value = input.endsWith('-file') ? `from ${s}` : resolveMatrix(s, job);
          note = `${action} (${input})`;
          at = isScalar(v) ? v : at;
          break;
        }
        // dtolnay/rust-toolchain@1.78 names the toolchain in its ref.
        if (value === '' && action === 'dtolnay/rust-toolchain' && ref !== '' && !/^(master|main|v\d+)$/.test(ref)) value = ref;
        const key = `${tool}\0${value}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const line = lineOf(counter, at);
        runtimes.push({ name: safeText(tool), value: safeText(value), note: safeText(note), path, lines: line === null ? null : [line, line] });
      }
    }
    if (seen.size > 0) read.push(path);
  }
  return read;
}

/** `rust-toolchain.toml` (`[toolchain] channel = "…"`) or the older one-line `rust-toolchain`. */
export function rustToolchain(files: RepoFiles, runtimes: RequirementRow[]): string[] {
  const read: string[] = [];
  for (const path of ['rust-toolchain.toml', 'rust-toolchain']) {
    if (!files.paths.includes(path)) continue;
    const lines = files.read(path)?.split(/\r?\n/) ?? [];
    const i = path.endsWith('.toml') ? lines.findIndex((l) => /^\s*channel\s*=/.test(l)) : lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    if (i < 0) continue;
    const raw = lines[i] ?? '';
    const value = path.endsWith('.toml') ? (/=\s*["']([^"']*)["']/.exec(raw)?.[1] ?? '') : /^\s*\[/.test(raw) ? '' : raw.trim();
    if (value === '') continue;
    read.push(path);
    runtimes.push({ name: 'rust', value: safeText(value), note: path, path, lines: [i + 1, i + 1] });
  }
  return read;
}

/** The line of a TOML key's first assignment (`requires-python = …`), or null. */
export function tomlKeyLine(text: string, key: string): [number, number] | null {
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => new RegExp(`^\\s*["']?${key.replace(/[-]/g, '\\-')}["']?\\s*=`).test(l));
  return i < 0 ? null : [i + 1, i + 1];
}
