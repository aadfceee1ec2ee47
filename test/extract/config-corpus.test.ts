import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { body, extractAll, folderFiles, lines, row, rows } from './config-helpers.ts';
import { corpusPath } from '../helpers/corpus.ts';

const ROOT = corpusPath('config');
const files = folderFiles('corpus', ROOT);
const { found, pages, diagnostics } = extractAll(files);
const page = (path: string) => {
  const p = pages.find((x) => x.id === `corpus/config/${path}`);
  if (!p) throw new Error(`no page for ${path}`);
  return p;
};
/** Every page of a file (huge files are split into parts). */
const pagesOf = (path: string) => pages.filter((x) => x.id === `corpus/config/${path}` || x.id.startsWith(`corpus/config/${path}/part-`));

/** Independent count: every mapping pair and every sequence item of every document. */
function countKeys(value: unknown): number {
  if (Array.isArray(value)) return value.length + value.reduce<number>((n, v) => n + countKeys(v), 0);
  if (value !== null && typeof value === 'object') return Object.values(value).reduce<number>((n, v) => n + 1 + countKeys(v), 0);
  return 0;
}

describe('configuration pages over the vendored corpus (Helm values, Kubernetes resources)', () => {
  it('classifies Helm values and Kubernetes manifests and reports no problems', () => {
    expect(found).toEqual([
      { path: 'helm/alertmanager-values.yaml', kind: 'helm-values' },
      { path: 'helm/kube-state-metrics-values.yaml', kind: 'helm-values' },
      { path: 'helm/prometheus-values.yaml', kind: 'helm-values' },
      { path: 'k8s/argo-artifact-passing.yaml', kind: 'k8s' },
      { path: 'k8s/argo-dag-diamond.yaml', kind: 'k8s' },
      { path: 'k8s/argo-hello-world.yaml', kind: 'k8s' },
    ]);
    expect(diagnostics.items).toEqual([]);
  });

  it('lists every key of every file, as many as an independent walk of the parsed YAML finds', () => {
    for (const { path } of found) {
      const text = readFileSync(join(ROOT, path), 'utf8');
      const expected = parseAllDocuments(text).reduce((n, d) => n + countKeys(d.toJS()), 0);
      const listed = pagesOf(path).flatMap((p) => rows(p));
      expect(listed.length, path).toBe(expected);
      expect(new Set(listed.map((r) => r.key)).size, path).toBe(expected);
    }
  });

  it('gives each key a config-key section whose first line holds the key, and a badge beside it', () => {
    for (const { path } of found) {
      const text = readFileSync(join(ROOT, path), 'utf8').split('\n');
      for (const p of pagesOf(path)) {
        const html = body(p);
        for (const s of p.sections) {
          expect(s.kind).toBe('config-key');
          const [start, end] = s.sources[0]?.lines ?? [0, 0];
          expect(start, s.key).toBeGreaterThan(0);
          expect(end, s.key).toBeGreaterThanOrEqual(start);
          const last = /([^.[\]"]+)"?\]?$/.exec(s.key.replace(/(\[\d+\])+$/, ''))?.[1] ?? '';
          if (!/\[\d+\]$/.test(s.key) && !s.key.includes('/')) expect(text[start - 1], `${path} ${s.key}`).toContain(last);
          expect(html.split(`data-for="${s.anchor}"`).length - 1, s.anchor).toBe(1);
        }
      }
    }
  });

  it('shows defaults as written and descriptions from the comments above each key, Helm `# --` included', () => {
    const am = page('helm/alertmanager-values.yaml');
    expect(row(am, 'verticalPodAutoscaler.enabled')).toMatchObject({ type: 'bool', value: 'false', description: 'Use VPA for alertmanager' });
    expect(row(am, 'image.tag')).toMatchObject({ type: 'string', value: '""', description: 'Overrides the image tag whose default is the chart appVersion.' });
    expect(row(am, 'revisionHistoryLimit')).toMatchObject({ type: 'int', value: '10', description: 'Number of old history to retain to allow rollback\nDefault Kubernetes value is set to 10' });
    expect(row(am, 'replicaCount')).toMatchObject({ value: '1', description: '' });
    expect(row(am, 'image.repository').value).toBe('quay.io/prometheus/alertmanager');
    // A commented-out example indented under the previous key is not the next key's description.
    expect(row(am, 'hostAliases').description).toBe('');
    const ksm = page('helm/kube-state-metrics-values.yaml');
    expect(row(ksm, 'global.imageRegistry').description).toBe('Allow parent charts to override registry hostname');
    expect(row(ksm, 'image.tag').description).toBe('If unset use v + .Charts.appVersion');
    expect(row(ksm, 'nameOverride').description).toBe('Provide a name in place of kube-state-metrics for `app.kubernetes.io/name` labels.');
    const prom = page('helm/prometheus-values.yaml');
    expect(row(prom, 'configmapReload').description).toBe('Monitors ConfigMap changes and POSTs to a URL\nRef: https://github.com/prometheus-operator/prometheus-operator/tree/main/cmd/prometheus-config-reloader');
    expect(lines(am, 'image')).toEqual([12, 16]);
    expect(lines(am, 'image.tag')).toEqual([16, 16]);
  });

  it('splits a file with many keys over part pages that link to each other', () => {
    const parts = pagesOf('helm/prometheus-values.yaml');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[1]?.route).toBe('/corpus/helm/prometheus-values.yaml/part-2/');
    expect(body(parts[0]!)).toContain('href="/corpus/helm/prometheus-values.yaml/part-2/"');
    for (const p of pages) expect(Buffer.byteLength(body(p)), p.id).toBeLessThan(1_000_000);
  });

  it('shows a Kubernetes object as a section named kind/name with its own lines', () => {
    const hello = page('k8s/argo-hello-world.yaml');
    const obj = hello.sections.find((s) => s.key === 'Workflow/hello-world-*');
    expect(obj?.sources[0]?.lines).toEqual([1, 17]);
    expect(row(hello, 'metadata.annotations["workflows.argoproj.io/description"]').value).toBe('|\n      This is a simple hello world example.');
    expect(row(hello, 'spec.templates[0].container.args[0]').value).toBe('"hello world"');
    expect(hello.route).toBe('/corpus/k8s/argo-hello-world.yaml/');
    expect(hello.navDir).toBe('k8s');
  });

  it('adds no Requirements page when the repository declares no runtime, dependency, variable or service', () => {
    expect(pages.filter((p) => p.kind === 'requirements')).toEqual([]);
  });
});
