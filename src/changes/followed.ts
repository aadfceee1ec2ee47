// What following a source through its versions gives (follow.ts for single files, spec-follow.ts
// for specs made of several files).
import type { PairResult } from './engines.ts';
import type { Source } from './sources.ts';
import type { FileVersions } from './versions.ts';

export interface FollowStats {
  compared: number;
  reused: number;
  parsed: number;
}

export interface FollowedSource {
  source: Source;
  versions: FileVersions;
  /** Per pair of `versions.pairs` (same order): what the newer version changed; null when unknown (a blob is missing). */
  results: (PairResult | null)[];
}
