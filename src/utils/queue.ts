// One task at a time: for work that holds process-wide state (Astro) or much memory (TypeDoc).

/** A function that runs the tasks given to it one after the other, whatever their callers do. */
export function serialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
