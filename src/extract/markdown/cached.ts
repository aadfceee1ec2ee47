// Markdown extraction results across builds. A document's `MarkdownDoc` depends on its text, its
// path and repository, the extractor (the tool digest) and the answers of the link resolver. The
// key covers the first four; the resolver's answers are recorded with the entry and replayed on
// a hit: the entry is used only if every call answers the same today (the same docs exist, the
// same assets are allowed, the same forge URLs are made), which also re-registers the assets the
// document links to. Diagnostics the extraction reported are stored and reported again.
import type { Store } from '../../cache/index.ts';
import type { Diagnostic } from '../../model/diagnostics.ts';
import { sha256 } from '../../utils/digest.ts';
import { isDiagnostic } from '../../cache/shapes.ts';
import { cachedDocProblem } from './recheck.ts';
import type { ExtractMarkdownInput, LinkResolver, MarkdownDoc } from './types.ts';

type Call = ['doc', string, string | null, string | null] | ['asset', string, null, string | null] | ['file', string, null, string | null];

interface Entry {
  doc: MarkdownDoc | null;
  calls: Call[];
  diagnostics: Diagnostic[];
}

export const MARKDOWN_KIND = 'markdown';

export type ExtractMarkdown = (input: ExtractMarkdownInput) => MarkdownDoc | null;

function recording(links: LinkResolver, calls: Call[]): LinkResolver {
  return {
    doc(target, fragment) {
      const r = links.doc(target, fragment);
      calls.push(['doc', target, fragment, r]);
      return r;
    },
    asset(target) {
      const r = links.asset(target);
      calls.push(['asset', target, null, r]);
      return r;
    },
    file(target) {
      const r = links.file(target);
      calls.push(['file', target, null, r]);
      return r;
    },
  };
}

function replays(calls: readonly Call[], links: LinkResolver): boolean {
  for (const [kind, target, fragment, answer] of calls) {
    const now = kind === 'doc' ? links.doc(target, fragment) : kind === 'asset' ? links.asset(target) : links.file(target);
    if (now !== answer) return false;
  }
  return true;
}

const CALL_KINDS = new Set(['doc', 'asset', 'file']);
const stringOrNull = (v: unknown) => v === null || typeof v === 'string';

/** Why a stored entry is not one this cache writes (every field checked; HTML re-checked), or null. */
function entryProblem(entry: unknown): string | null {
  if (typeof entry !== 'object' || entry === null) return 'not an entry';
  const e = entry as Record<string, unknown>;
  if (!Array.isArray(e.calls) || !e.calls.every((c) => Array.isArray(c) && c.length === 4 && CALL_KINDS.has(c[0] as string) && typeof c[1] === 'string' && stringOrNull(c[2]) && stringOrNull(c[3]))) return 'its link answers are malformed';
  if (!Array.isArray(e.diagnostics) || !e.diagnostics.every(isDiagnostic)) return 'its diagnostics are malformed';
  return cachedDocProblem(e.doc ?? null);
}

/** Front matter is a null-prototype object tree (see MarkdownDoc); JSON gives plain objects. */
function nullProto(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(nullProto);
  if (value === null || typeof value !== 'object') return value;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(value)) out[k] = nullProto(v);
  return out;
}

/**
 * `extract` with a persistent cache in front; same contract as `extractMarkdown`. The input's
 * collector must be the document's own (fresh): everything in it is stored with the entry.
 */
export function cachedExtractMarkdown(store: Store, extract: ExtractMarkdown): ExtractMarkdown {
  return (input) => {
    const parts = [input.repo, input.path, sha256(input.text)];
    const entry = store.get<Entry>(MARKDOWN_KIND, parts);
    const problem = entry === null ? null : entryProblem(entry);
    if (problem !== null) store.stale(MARKDOWN_KIND, `not what this extractor writes (${problem})`);
    else if (entry !== null) {
      if (replays(entry.calls, input.links)) {
        for (const d of entry.diagnostics) input.diagnostics.add(d);
        if (entry.doc) entry.doc.frontmatter = nullProto(entry.doc.frontmatter) as Record<string, unknown>;
        return entry.doc;
      }
      store.reject(MARKDOWN_KIND);
    }
    const calls: Call[] = [];
    const doc = extract({ ...input, links: recording(input.links, calls) });
    const diagnostics = [...input.diagnostics.items];
    // A parse that ran out of time may succeed next time: never cache it.
    if (!diagnostics.some((d) => d.code === 'E_MD_TOO_COMPLEX')) store.put(MARKDOWN_KIND, parts, { doc, calls, diagnostics } satisfies Entry);
    return doc;
  };
}
