// Astro logger destination (loaded by Astro through `logger.entrypoint`).
// Messages go to a per-build sink registered in-process by astro-build.ts, keyed by an id
// in the logger config, so concurrent builds never mix their logs and nothing is printed.
const SINKS = Symbol.for('livewiki.astroLogSinks');

type Sink = (message: unknown) => void;

export default function createDestination(config: { sink?: unknown } | undefined) {
  const id = config?.sink;
  return {
    write(message: unknown) {
      const sinks = (globalThis as unknown as Record<symbol, Map<string, Sink> | undefined>)[SINKS];
      const sink = sinks && typeof id === 'string' ? sinks.get(id) : undefined;
      if (sink) sink(message);
    },
  };
}
