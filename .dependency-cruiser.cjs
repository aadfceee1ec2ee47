// Layering of src/ (README, "Architecture"): a folder may import its own layer and the layers
// above it in this list, never one below. `npm run lint:layers` checks it (CI runs it).
const LAYERS = [
  ['utils', 'model'], // plain helpers and the data types every stage shares
  ['git', 'secrets', 'cache'], // infrastructure: the git runner, secret rules, the cache store
  ['config'],
  ['snapshot'],
  ['history'],
  ['extract'],
  ['changes'], // semantic change history: diffs of extracted models across versions
  ['structure'],
  ['provenance'],
  ['output'],
  ['ledger'],
  ['render'],
  ['check'],
  ['site'],
  ['pipeline'], // the runner
  ['cli', 'init', 'index\\.ts', 'api\\.ts'], // entry points
];

const folders = (layers) => `^src/(${layers.flat().join('|')})(/|$)`;

const forbidden = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `${layer[0]}-imports-a-later-layer`,
  comment: `${layer.join(', ')} must not import a later stage (${LAYERS.slice(i + 1).flat().join(', ')})`,
  severity: 'error',
  from: { path: folders([layer]) },
  to: { path: folders(LAYERS.slice(i + 1)) },
}));

forbidden.push(
  {
    name: 'no-circular',
    comment: 'Modules must not depend on each other in a cycle.',
    severity: 'error',
    from: { path: '^src/' },
    to: { circular: true },
  },
  {
    name: 'no-tests-in-src',
    comment: 'Product code never imports tests, benchmarks or scripts.',
    severity: 'error',
    from: { path: '^src/' },
    to: { path: '^(test|bench|scripts)/' },
  },
);

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
  },
};

// For the test that checks every folder of src/ has a layer (not part of dependency-cruiser's schema).
Object.defineProperty(module.exports, 'LAYERS', { value: LAYERS, enumerable: false });
