// Entries checked on a hit against more than their key (what an extractor read of the
// repository): one key keeps a few versions, newest first, so the two sides of `livewiki diff`,
// or two branches sharing a CI cache, each find their own instead of replacing each other's.
//
// The key's entry in `kind` is a small index: per version its `meta` (what the caller checks) and
// the digest its body is stored under in `<kind>-body`. A lookup counts once in `kind`: a hit
// when a version applies and its body reads back, a miss otherwise.
import { getPacked, putPacked } from './packed.ts';
import type { Store } from './store.ts';
import { sha256 } from '../utils/digest.ts';

/** Versions kept per key (the newest). */
export const VARIANTS = 4;

interface Version<M> {
  id: string;
  meta: M;
}

export interface VariantSlot<M, B> {
  /** The newest stored version whose meta `applies`, with its body; null (a miss) when none does. */
  find(applies: (meta: M) => boolean): { meta: M; body: B } | null;
  /** Stores a version as the newest; the oldest beyond `VARIANTS` are forgotten. */
  put(meta: M, body: B): void;
}

export function variantSlot<M, B>(store: Store, kind: string, parts: readonly string[], isMeta: (value: unknown) => value is M): VariantSlot<M, B> {
  const bodyKind = `${kind}-body`;
  let versions: Version<M>[] = [];
  return {
    find(applies) {
      const index = store.get<unknown>(kind, parts);
      if (index === null) return null;
      if (!isIndex(index, isMeta)) {
        store.stale(kind, 'not an index of versions');
        return null;
      }
      versions = index;
      // The other versions' bodies stay through this run's prune: the index still lists them.
      for (const v of versions) store.keepBlob(bodyKind, [...parts, v.id]);
      for (const v of versions) {
        if (!applies(v.meta)) continue;
        const body = getPacked<B>(store, bodyKind, [...parts, v.id]);
        if (body === null) break;
        return { meta: v.meta, body };
      }
      store.reject(kind);
      return null;
    },
    put(meta, body) {
      const id = sha256(JSON.stringify(meta));
      putPacked(store, bodyKind, [...parts, id], body);
      versions = [{ id, meta }, ...versions.filter((v) => v.id !== id)].slice(0, VARIANTS);
      store.put(kind, parts, versions);
      for (const v of versions) store.keepBlob(bodyKind, [...parts, v.id]);
    },
  };
}

function isIndex<M>(value: unknown, isMeta: (value: unknown) => value is M): value is Version<M>[] {
  return Array.isArray(value) && value.every((v) => v !== null && typeof v === 'object' && typeof (v as Version<M>).id === 'string' && /^[0-9a-f]{64}$/.test((v as Version<M>).id) && isMeta((v as Version<M>).meta));
}
