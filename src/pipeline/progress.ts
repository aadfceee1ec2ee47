// Progress of a run as data: the pipeline reports stage starts and ends to an observer passed in
// (the CLI draws a task list or prints lines); it never prints. Durations are measured here with
// `performance.now()` and go to the observer and the run summary only, never into the site.

export type StageName =
  | 'snapshot'
  | 'history'
  | 'extract'
  | 'structure'
  | 'provenance'
  | 'output'
  | 'ledger'
  | 'render'
  | 'links'
  | 'secrets'
  | 'site:workspace'
  | 'site:astro'
  | 'site:assets'
  | 'site:search'
  | 'site:verify'
  | 'site:publish';

export type ProgressEvent =
  | { type: 'start'; stage: StageName }
  /** `count` of `unit` done (pages, files…); `detail` a short note such as cache hits. */
  | { type: 'end'; stage: StageName; ms: number; count?: number; unit?: string; detail?: string };

export type ProgressObserver = (event: ProgressEvent) => void;

export interface StageClock {
  start(stage: StageName): void;
  end(stage: StageName, info?: { count?: number; unit?: string; detail?: string }): void;
  /** Milliseconds per finished stage, in the order they ran. */
  readonly timings: Record<string, number>;
}

export function stageClock(observer: ProgressObserver | undefined): StageClock {
  const started = new Map<StageName, number>();
  const timings: Record<string, number> = {};
  return {
    timings,
    start(stage) {
      started.set(stage, performance.now());
      observer?.({ type: 'start', stage });
    },
    end(stage, info = {}) {
      const t0 = started.get(stage);
      const ms = t0 === undefined ? 0 : Math.round(performance.now() - t0);
      timings[stage] = ms;
      observer?.({ type: 'end', stage, ms, ...info });
    },
  };
}
