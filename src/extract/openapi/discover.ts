// Finds root OpenAPI/Swagger documents by content. A cheap textual prefilter (extension, size, a
// `openapi:`/`swagger:` key somewhere) runs before any full parse; the parse then confirms the key
// is top-level. Candidates that other candidates `$ref` are fragments, not roots.

import { Diagnostics } from '../../model/diagnostics.ts';
import { MAX_SPEC_BYTES, parseSpecFile, type ParsedSpecFile } from './parse.ts';
import { collectRefs, SpecFiles, type RepoFiles } from './refs.ts';

const SPEC_EXTENSION = /\.(ya?ml|json)$/i;
const YAML_KEY = /^[ \t]*["']?(openapi|swagger)["']?[ \t]*:/m;
const JSON_KEY = /"(openapi|swagger)"\s*:/;

/** Parsed roots found during discovery, reused by `extractOpenApi` for the same `RepoFiles`. */
const parsedCache = new WeakMap<RepoFiles, Map<string, ParsedSpecFile>>();

export function cachedRoot(files: RepoFiles, path: string): ParsedSpecFile | undefined {
  return parsedCache.get(files)?.get(path);
}

/** A top-level `openapi`/`swagger` that is a version (a string or a number), not a section of some tool's config (`redocly.yaml` has an `openapi:` mapping). */
function hasTopLevelKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  const isVersion = (x: unknown) => typeof x === 'string' || typeof x === 'number';
  return (Object.hasOwn(v, 'openapi') && isVersion(v.openapi)) || (Object.hasOwn(v, 'swagger') && isVersion(v.swagger));
}

export function discoverOpenApi(files: RepoFiles, extraRoots: string[], diagnostics: Diagnostics): string[] {
  const candidates = new Map<string, ParsedSpecFile | null>();
  const cache = new Map<string, ParsedSpecFile>();
  parsedCache.set(files, cache);
  for (const path of files.paths) {
    if (!SPEC_EXTENSION.test(path)) continue;
    const text = files.read(path);
    if (text === null) continue;
    const json = /\.json$/i.test(path);
    const head = text.length > MAX_SPEC_BYTES ? text.slice(0, 65536) : text;
    if (!(json ? JSON_KEY : YAML_KEY).test(head)) continue;
    if (text.length > MAX_SPEC_BYTES) {
      // Found by its first bytes; extraction reports the size cap.
      candidates.set(path, null);
      continue;
    }
    // Problems are reported once, by extraction; discovery only needs to know whether it parses.
    const parsed = parseSpecFile(text, { repo: files.repo, path, diagnostics: new Diagnostics() });
    if (parsed) {
      if (!hasTopLevelKey(parsed.value)) continue;
      cache.set(path, parsed);
      candidates.set(path, parsed);
    } else if (/^(?:---[^\n]*\n)?["']?(openapi|swagger)["']?[ \t]*:|^\s*\{/m.test(head.slice(0, 4096))) {
      // Unparsable but clearly meant as a spec: extraction will report where it breaks.
      candidates.set(path, null);
    }
  }
  const fragments = new Set<string>();
  for (const [path, parsed] of candidates) {
    if (!parsed) continue;
    const spec = new SpecFiles(files, path, new Diagnostics());
    for (const { ref, segments } of collectRefs(parsed.value)) {
      const t = spec.target(ref, { file: path, segments });
      if (t.ok && t.file !== path && candidates.has(t.file)) fragments.add(t.file);
    }
  }
  const roots = new Set([...candidates.keys()].filter((p) => !fragments.has(p)));
  const tracked = new Set(files.paths);
  for (const extra of extraRoots) {
    if (tracked.has(extra)) roots.add(extra);
    else
      diagnostics.error('E_OPENAPI_ROOT_MISSING', `OpenAPI root "${extra}" named in the configuration is not a tracked file.`, {
        repo: files.repo,
        file: extra,
        hint: 'Fix the path in livewiki config (repository-relative, "/"-separated).',
      });
  }
  return [...roots].sort();
}
