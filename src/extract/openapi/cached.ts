// OpenAPI discovery and extraction results across builds. Both depend on the repository files they
// read (recorded with the entry and checked again on a hit: see ../reads.ts), on the configured
// extra roots, on the templates, and on livewiki itself (the store's salt). Pages are plain data;
// the diagnostics of the unit (its own collector) are stored and reported again.
import type { Store } from '../../cache/index.ts';
import { variantSlot } from '../../cache/variants.ts';
import { isDiagnostics, isExtractedPage, isStringArray } from '../../cache/shapes.ts';
import type { Diagnostic, Diagnostics } from '../../model/diagnostics.ts';
import type { ExtractedPage } from '../../model/extracted.ts';
import type { RepoFiles } from '../../model/snapshot.ts';
import { sha256 } from '../../utils/digest.ts';
import { isStoredReads, ReadRecorder, replays, storedReads, type StoredReads } from '../reads.ts';
import type { ExtractOpenApiInput } from './index.ts';

export const OPENAPI_KIND = 'openapi';
export const OPENAPI_DISCOVERY_KIND = 'openapi-discovery';

export type DiscoverOpenApi = (files: RepoFiles, extraRoots: string[], diagnostics: Diagnostics) => string[];
export type ExtractOpenApi = (input: ExtractOpenApiInput) => Promise<ExtractedPage[]>;

interface DiscoveryBody {
  roots: string[];
  diagnostics: Diagnostic[];
}

interface ExtractionBody {
  pages: ExtractedPage[];
  diagnostics: Diagnostic[];
}

/** Discovery and extraction with a persistent cache in front; same contracts as the extractor's. */
export function cachedOpenApi(store: Store, discover: DiscoverOpenApi, extract: ExtractOpenApi): { discover: DiscoverOpenApi; extract: ExtractOpenApi } {
  // One recorder per file set: discovery's parsed roots are found again by extraction.
  const recorders = new WeakMap<RepoFiles, ReadRecorder>();
  const recorderOf = (files: RepoFiles) => {
    let r = recorders.get(files);
    if (!r) {
      r = new ReadRecorder(files);
      recorders.set(files, r);
    }
    return r;
  };
  return {
    discover(files, extraRoots, diagnostics) {
      const slot = variantSlot<StoredReads, DiscoveryBody>(store, OPENAPI_DISCOVERY_KIND, [files.repo, JSON.stringify(extraRoots)], isStoredReads);
      const found = slot.find((reads) => replays(reads, files));
      if (found && !(isStringArray(found.body.roots) && isDiagnostics(found.body.diagnostics))) store.stale(OPENAPI_DISCOVERY_KIND, 'not an OpenAPI discovery');
      else if (found) {
        for (const d of found.body.diagnostics) diagnostics.add(d);
        return found.body.roots;
      }
      const recorder = recorderOf(files);
      const { value: roots, log } = recorder.recordSync(() => discover(recorder.files, extraRoots, diagnostics));
      slot.put(storedReads(log, files), { roots, diagnostics: [...diagnostics.items] });
      return roots;
    },
    async extract(input) {
      const { files, root, diagnostics } = input;
      // The input is the key, files aside: what the extractor read of them is checked on a hit.
      const { files: _files, diagnostics: _diagnostics, templates, ...rest } = input;
      const parts = [sha256(JSON.stringify({ ...rest, repo: files.repo, templates: templates.digest }))];
      const slot = variantSlot<StoredReads, ExtractionBody>(store, OPENAPI_KIND, parts, isStoredReads);
      const found = slot.find((reads) => replays(reads, files));
      if (found && !(Array.isArray(found.body.pages) && found.body.pages.every(isExtractedPage) && isDiagnostics(found.body.diagnostics))) store.stale(OPENAPI_KIND, 'not an OpenAPI extraction');
      else if (found) {
        for (const d of found.body.diagnostics) diagnostics.add(d);
        return found.body.pages;
      }
      const recorder = recorderOf(files);
      const { value, log } = await recorder.record(async () => {
        // The root may come parsed from discovery, unread: it is an input all the same.
        recorder.touch(root);
        return extract({ ...input, files: recorder.files });
      });
      const reported = [...diagnostics.items];
      // A bug caught inside the extractor may not happen next time: never cache it.
      if (!reported.some((d) => d.code === 'E_OPENAPI_INTERNAL')) slot.put(storedReads(log, files), { pages: value, diagnostics: reported });
      return value;
    },
  };
}
