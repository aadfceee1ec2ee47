// Runs one site build in its own process (for the cross-process lock test).
// Usage: node build-child.ts <outDir> <title>
import { Diagnostics } from '../../src/model/diagnostics.ts';
import { buildSite } from '../../src/site/index.ts';
import { removeTempDirs } from '../helpers/temp.ts';
import { makeBundle } from './fixture.ts';

const [outDir, title] = process.argv.slice(2);
const diagnostics = new Diagnostics();
try {
  const result = await buildSite(makeBundle({ title: title! }), { outDir: outDir!, diagnostics });
  process.stdout.write(JSON.stringify({ published: result.published, codes: diagnostics.items.map((d) => d.code) }));
} finally {
  removeTempDirs(); // the bundle's asset folder
}
