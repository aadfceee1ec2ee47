// Sibling modules loaded by path (a worker, a child process, Astro's logger): `.ts` when livewiki
// runs from its TypeScript sources, `.js` when it runs compiled from the published package.

/** URL of the sibling module `name` (without extension) of the module at `here` (its import.meta.url). */
export function siblingModule(here: string, name: string): URL {
  return new URL(`./${name}${here.endsWith('.ts') ? '.ts' : '.js'}`, here);
}
