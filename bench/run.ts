// Benchmarks: `npm run bench -- <mode> [args]`. Each mode lives in its own module.
import { existsSync } from 'node:fs';

const argv = process.argv.slice(2);

const modes: Record<string, (args: string[]) => Promise<string | void>> = {
  site: async (a) => (await import('./site.ts')).benchSite(a),
  history: async (a) => (await import('./history.ts')).benchHistory(a),
  incremental: async (a) => (await import('./incremental.ts')).benchIncremental(a),
  openapi: async (a) => (await import('./openapi.ts')).benchOpenApi(a),
  provenance: async (a) => (await import('./provenance.ts')).benchProvenance(a),
  changes: async (a) => (await import('./changes.ts')).benchChanges(a),
  // Internal: the change history stage measured in a fresh process (used by the changes mode).
  'changes-child': async ([dir, prep, store, kinds, depth]) => (await import('./changes.ts')).child(dir!, prep!, store!, kinds!, depth!),
  secrets: async (a) => (await import('./secrets.ts')).benchSecrets(a),
  diff: async (a) => (await import('./diff.ts')).benchDiff(a),
  // Internal: one measured history index in a fresh process (used by the history mode).
  'history-child': async ([root, sample]) => (await import('./history.ts')).child(root!, sample!),
  // Internal: one measured engine run in a fresh process (used by the provenance mode).
  'provenance-child': async ([root, files]) => (await import('./provenance.ts')).child(root!, files!),
  // Internal: one measured build in a fresh process (used by the site mode).
  'site-child': async ([kind, dir, n]) => (await import('./site.ts')).child(kind!, dir!, Number(n)),
};

// `npm run bench -- <repo>` is the history mode on that repository.
const [mode, ...args] = argv[0] !== undefined && !(argv[0] in modes) && existsSync(argv[0]) ? ['history', ...argv] : argv;
const selected = mode === undefined ? undefined : modes[mode];
if (selected === undefined) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(modes).filter((m) => !m.endsWith('-child')).join('|')}> [args]\n`);
  process.exitCode = 2;
} else {
  const report = await selected(args);
  if (typeof report === 'string') process.stdout.write(`${report}\n`);
}
