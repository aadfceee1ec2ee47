// Where each part of a resolved document is written. The resolver records an entry at the root and
// wherever a `$ref` was replaced by what it points to; any other node lies under its nearest
// recorded ancestor, at the same relative path in that ancestor's file.

import type { PathSegment } from './parse.ts';
import { pointerToSegments, segmentsToPointer, type NodeLocation } from './refs.ts';

/** A place in one of the spec's files: repository path, JSON pointer and, where known, lines. */
export interface SourceOrigin {
  file: string;
  pointer: string;
  lines?: [number, number];
}

export interface SourceMapEntry extends SourceOrigin {
  /** The `$ref` that brought this node in (outermost first when refs point to refs). */
  refs?: SourceOrigin[];
  /** Set where a `$ref` could not be followed (outside the repository, missing, a cycle): the node is the `$ref` as written. */
  unresolved?: true;
}

/** Resolved-document pointer → where that node is written. Plain data. */
export type SourceMap = Record<string, SourceMapEntry>;

/** Where the node at `segments` of the resolved document is written. */
export function originOf(map: SourceMap, segments: readonly PathSegment[]): NodeLocation & { entry: SourceMapEntry } {
  for (let n = segments.length; n >= 0; n--) {
    const entry = map[segmentsToPointer(segments.slice(0, n))];
    if (!entry) continue;
    const base = pointerToSegments(entry.pointer) ?? [];
    return { file: entry.file, segments: [...base, ...segments.slice(n)], entry };
  }
  // The root entry is always present; this is only reached for an empty map.
  return { file: '', segments: [...segments], entry: { file: '', pointer: '' } };
}
