// Configuration extraction across builds, one entry per file: its pages and its parsed form (the
// Requirements page, rebuilt every time from all files, needs it) depend only on the file's
// path, kind, text, CODEOWNERS owners and the templates, and on livewiki itself (the store's salt). A one-key change in one file re-extracts that file only. Real `.env` files
// are never cached: not even a digest of their text is kept.
import { getPacked, putPacked, type Store } from '../../cache/index.ts';
import { isDiagnostics, isExtractedPage, isObject } from '../../cache/shapes.ts';
import type { Diagnostic } from '../../model/diagnostics.ts';
import type { ExtractedPage } from '../../model/extracted.ts';
import { sha256 } from '../../utils/digest.ts';
import type { ConfigFileInput, ExtractConfigFile } from './index.ts';
import type { ParsedConfig } from './model.ts';

export const CONFIG_KIND = 'config';

interface Entry {
  pages: ExtractedPage[];
  /** What the Requirements page reads of the parsed file (the rest is in the pages). */
  parsed: Pick<ParsedConfig, 'env' | 'services' | 'images'>;
  diagnostics: Diagnostic[];
}

function forRequirements(parsed: Pick<ParsedConfig, 'env' | 'services' | 'images'>): ParsedConfig {
  return { entries: [], objects: [], summary: [], banners: [], env: parsed.env, services: parsed.services, images: parsed.images };
}

/** The entry as this cache writes it, every field checked (it came from disk). */
function isShaped(entry: Entry): boolean {
  const p = entry.parsed as unknown;
  return Array.isArray(entry.pages) && entry.pages.every(isExtractedPage) && isDiagnostics(entry.diagnostics) && isObject(p) && Array.isArray(p.env) && Array.isArray(p.services) && Array.isArray(p.images);
}

export function cachedExtractConfigFile(store: Store, extract: ExtractConfigFile): ExtractConfigFile {
  return (input: ConfigFileInput) => {
    if (input.kind === 'secret-file') return extract(input);
    // The whole input is the key: the text by its digest, the templates by theirs.
    const { diagnostics: _, templates, text, ...rest } = input;
    const parts = [sha256(JSON.stringify({ ...rest, text: sha256(text), templates: templates.digest }))];
    const entry = getPacked<Entry>(store, CONFIG_KIND, parts);
    if (entry && !isShaped(entry)) store.stale(CONFIG_KIND, 'not a configuration extraction');
    else if (entry) {
      for (const d of entry.diagnostics) input.diagnostics.add(d);
      return { pages: entry.pages, parsed: forRequirements(entry.parsed) };
    }
    const out = extract(input);
    const { env, services, images } = out.parsed;
    putPacked(store, CONFIG_KIND, parts, { pages: out.pages, parsed: { env, services, images }, diagnostics: [...input.diagnostics.items] } satisfies Entry);
    // The same parsed view a hit gives, so both build the same Requirements page.
    return { pages: out.pages, parsed: forRequirements(out.parsed) };
  };
}
