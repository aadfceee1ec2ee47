// Astro logger destination (loaded by Astro through `logger.entrypoint`, so plain JS).
// Messages go to a per-build sink registered in-process by astro-build.ts, keyed by an id
// in the logger config, so concurrent builds never mix their logs and nothing is printed.
const SINKS = Symbol.for('livewiki.astroLogSinks');

export default function createDestination(config) {
  const id = config?.sink;
  return {
    write(message) {
      const sinks = globalThis[SINKS];
      const sink = sinks && typeof id === 'string' ? sinks.get(id) : undefined;
      if (sink) sink(message);
    },
  };
}
