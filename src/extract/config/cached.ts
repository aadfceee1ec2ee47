// Configuration extraction across builds, one entry per file: its pages (frozen, see frozen.ts)
// and its parsed form (the Requirements page, rebuilt every time from all files, needs it) depend
// only on the file's path, kind, text and CODEOWNERS owners, and on livewiki and its templates
// (the store's salt). A one-key change in one file re-extracts that file only. Real `.env` files
// are never cached: not even a digest of their text is kept.
import { getPacked, putPacked, type CacheStore } from '../../cache/index.ts';
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

export function cachedExtractConfigFile(store: CacheStore, extract: ExtractConfigFile): ExtractConfigFile {
  return (input: ConfigFileInput) => {
    if (input.kind === 'secret-file') return extract(input);
    const parts = [input.repo, input.path, input.kind, sha256(input.text), JSON.stringify(input.owners)];
    const entry = getPacked<Entry>(store, CONFIG_KIND, parts);
    if (entry && Array.isArray(entry.pages) && Array.isArray(entry.diagnostics) && entry.parsed && typeof entry.parsed === 'object') {
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
