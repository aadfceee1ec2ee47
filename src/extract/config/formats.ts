// Views that read the way each format's users think: compose services, Kubernetes objects,
// CI jobs and what they need, Helm charts. Built from the parsed data plus the key entries'
// lines; every shown string goes through the redactor.

import { joinKey, safeText, safeValue, type Fact, type ParseContext, type ParsedConfig } from './model.ts';
import { isRecord, type YamlDoc } from './yaml.ts';

function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return '';
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

function fact(label: string, items: string[]): Fact[] {
  const clean = items.filter((i) => i !== '');
  return clean.length > 0 ? [{ label, items: clean }] : [];
}

function linesOf(doc: YamlDoc, key: string): [number, number] {
  return doc.entries.get(key)?.lines ?? doc.lines;
}

/** `KEY=value` / `{KEY: value}` environment, as name + shown value. */
function envPairs(env: unknown): { name: string; value: string }[] {
  if (Array.isArray(env)) {
    return env.map((e) => {
      const s = str(e);
      const eq = s.indexOf('=');
      return eq === -1 ? { name: s, value: '' } : { name: s.slice(0, eq), value: s.slice(eq + 1) };
    });
  }
  if (isRecord(env)) return Object.keys(env).map((name) => ({ name, value: str(env[name]) }));
  return [];
}

function shownEnv(name: string, value: string): string {
  if (value === '') return safeText(name);
  return `${safeText(name)}=${safeValue(name, value)}`;
}

export function composeView(ctx: ParseContext, doc: YamlDoc, out: ParsedConfig): void {
  const data = doc.data;
  if (!isRecord(data)) return;
  const services = isRecord(data.services) ? data.services : {};
  for (const name of Object.keys(services)) {
    const s = services[name];
    if (!isRecord(s)) continue;
    const key = joinKey('services', name);
    const lines = linesOf(doc, key);
    const image = str(s.image);
    const ports = list(s.ports).map((p) => (isRecord(p) ? `${str(p.published)}:${str(p.target)}` : str(p)));
    const env = envPairs(s.environment);
    const health = isRecord(s.healthcheck) ? s.healthcheck : null;
    const facts: Fact[] = [
      ...fact('Image', [safeText(image)]),
      ...fact('Build', [safeText(isRecord(s.build) ? str(s.build.context) : str(s.build))]),
      ...fact('Ports', ports.map(safeText)),
      ...fact('Environment', env.map((e) => shownEnv(e.name, e.value))),
      ...fact('Env files', list(s.env_file).map((f) => safeText(isRecord(f) ? str(f.path) : str(f)))),
      ...fact('Volumes', list(s.volumes).map((v) => safeText(isRecord(v) ? `${str(v.source)}:${str(v.target)}` : str(v)))),
      ...fact('Depends on', (Array.isArray(s.depends_on) ? s.depends_on.map(str) : isRecord(s.depends_on) ? Object.keys(s.depends_on) : []).map(safeText)),
      ...fact('Healthcheck', health ? [safeText(Array.isArray(health.test) ? health.test.map(str).join(' ') : str(health.test))] : []),
      ...fact('Command', [safeText(Array.isArray(s.command) ? s.command.map(str).join(' ') : str(s.command))]),
    ];
    out.objects.push({ key: doc.prefix + key, title: `Service ${safeText(name)}`, lines, facts });
    out.services.push({ name: safeText(name), image: safeText(image), ports: ports.map(safeText), path: ctx.path, lines });
    if (image !== '') out.images.push({ image: safeText(image), path: ctx.path, lines });
    for (const e of env) {
      out.env.push({ name: safeText(e.name), value: e.value === '' ? '' : safeValue(e.name, e.value), description: '', context: `services.${name}`, path: ctx.path, lines });
    }
  }
  out.summary.push(...fact('Services', Object.keys(services).map(safeText)));
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'ReplicaSet']);

function podSpec(data: Record<string, unknown>): Record<string, unknown> | null {
  const spec = isRecord(data.spec) ? data.spec : null;
  if (!spec) return null;
  if (data.kind === 'Pod') return spec;
  if (data.kind === 'CronJob') {
    const job = isRecord(spec.jobTemplate) && isRecord(spec.jobTemplate.spec) ? spec.jobTemplate.spec : null;
    return job && isRecord(job.template) && isRecord(job.template.spec) ? job.template.spec : null;
  }
  return isRecord(spec.template) && isRecord(spec.template.spec) ? spec.template.spec : null;
}

export function kubernetesView(ctx: ParseContext, doc: YamlDoc, out: ParsedConfig): void {
  const data = doc.data;
  if (!isRecord(data) || doc.label === '') return;
  const kind = str(data.kind);
  const facts: Fact[] = [...fact('API version', [safeText(str(data.apiVersion))])];
  const pod = WORKLOADS.has(kind) ? podSpec(data) : null;
  if (pod) {
    const spec = isRecord(data.spec) ? data.spec : {};
    facts.push(...fact('Replicas', [str(spec.replicas)]));
    facts.push(...fact('Schedule', [safeText(str(spec.schedule))]));
    const containers = [...list(pod.initContainers), ...list(pod.containers)].filter(isRecord);
    facts.push(...fact('Containers', containers.map((c) => safeText(`${str(c.name)}: ${str(c.image)}`))));
    facts.push(...fact('Ports', containers.flatMap((c) => list(c.ports).filter(isRecord).map((p) => safeText(`${str(p.containerPort)}/${str(p.protocol) || 'TCP'}${p.name ? ` (${str(p.name)})` : ''}`)))));
    const envShown: string[] = [];
    for (const c of containers) {
      if (str(c.image) !== '') out.images.push({ image: safeText(str(c.image)), path: ctx.path, lines: doc.lines });
      for (const e of list(c.env).filter(isRecord)) {
        const name = str(e.name);
        const from = isRecord(e.valueFrom) ? e.valueFrom : null;
        const ref = from && isRecord(from.secretKeyRef) ? `from Secret ${str(from.secretKeyRef.name)}` : from && isRecord(from.configMapKeyRef) ? `from ConfigMap ${str(from.configMapKeyRef.name)}` : '';
        const value = ref === '' ? (e.value === undefined ? '' : safeValue(name, str(e.value))) : '';
        envShown.push(ref !== '' ? `${safeText(name)} (${safeText(ref)})` : value !== '' ? `${safeText(name)}=${value}` : safeText(name));
        out.env.push({ name: safeText(name), value, description: safeText(ref), context: `${doc.label} ${str(c.name)}`, path: ctx.path, lines: doc.lines });
      }
    }
    facts.push(...fact('Environment', envShown));
  } else if (kind === 'Service') {
    const spec = isRecord(data.spec) ? data.spec : {};
    const ports = list(spec.ports).filter(isRecord).map((p) => safeText(`${str(p.port)} → ${str(p.targetPort) || str(p.port)}${p.name ? ` (${str(p.name)})` : ''}`));
    facts.push(...fact('Type', [safeText(str(spec.type) || 'ClusterIP')]), ...fact('Ports', ports));
    out.services.push({ name: safeText(doc.label), image: '', ports, path: ctx.path, lines: doc.lines });
  } else if (kind === 'Ingress') {
    const spec = isRecord(data.spec) ? data.spec : {};
    const routes: string[] = [];
    for (const rule of list(spec.rules).filter(isRecord)) {
      const http = isRecord(rule.http) ? rule.http : {};
      for (const p of list(http.paths).filter(isRecord)) {
        const backend = isRecord(p.backend) && isRecord(p.backend.service) ? p.backend.service : {};
        routes.push(safeText(`${str(rule.host) || '*'}${str(p.path) || '/'} → ${str(backend.name)}`));
      }
    }
    facts.push(...fact('Routes', routes));
  } else if (kind === 'ConfigMap') {
    facts.push(...fact('Keys', (isRecord(data.data) ? Object.keys(data.data) : []).map(safeText)));
  } else if (kind === 'Secret') {
    const keys = [...(isRecord(data.data) ? Object.keys(data.data) : []), ...(isRecord(data.stringData) ? Object.keys(data.stringData) : [])];
    facts.push(...fact('Type', [safeText(str(data.type) || 'Opaque')]), ...fact('Keys (values never shown)', keys.map(safeText)));
  }
  out.objects.push({ key: doc.label, title: safeText(doc.label), lines: doc.lines, facts });
}

const SECRET_REF = /\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)/g;
const VAR_REF = /\bvars\.([A-Za-z_][A-Za-z0-9_]*)/g;

function refsIn(text: string, re: RegExp): string[] {
  return [...new Set([...text.matchAll(re)].map((m) => m[1] ?? ''))].filter((n) => n !== '').sort();
}

function sliceLines(text: string, lines: [number, number]): string {
  return text.split(/\r?\n/).slice(lines[0] - 1, lines[1]).join('\n');
}

export function githubWorkflowView(ctx: ParseContext, doc: YamlDoc, out: ParsedConfig): void {
  const data = doc.data;
  if (!isRecord(data)) return;
  // YAML 1.2 reads `on:` as the key "on" (YAML 1.1 parsers read it as `true`).
  const on = data.on ?? data.true;
  const triggers = typeof on === 'string' ? [on] : Array.isArray(on) ? on.map(str) : isRecord(on) ? Object.keys(on) : [];
  out.summary.push(...fact('Name', [safeText(str(data.name))]), ...fact('Triggers', triggers.map(safeText)));
  out.summary.push(...fact('Secrets needed', refsIn(ctx.text, SECRET_REF).map(safeText)), ...fact('Variables needed', refsIn(ctx.text, VAR_REF).map(safeText)));
  for (const name of refsIn(ctx.text, SECRET_REF)) out.env.push({ name: safeText(name), value: '', description: 'repository secret', context: 'GitHub Actions secret', path: ctx.path, lines: doc.lines });
  for (const name of refsIn(ctx.text, VAR_REF)) out.env.push({ name: safeText(name), value: '', description: 'repository variable', context: 'GitHub Actions variable', path: ctx.path, lines: doc.lines });
  const jobs = isRecord(data.jobs) ? data.jobs : {};
  for (const id of Object.keys(jobs)) {
    const job = jobs[id];
    if (!isRecord(job)) continue;
    const key = joinKey('jobs', id);
    const lines = linesOf(doc, key);
    const jobText = sliceLines(ctx.text, lines);
    const steps = list(job.steps).filter(isRecord);
    out.objects.push({
      key: doc.prefix + key,
      title: `Job ${safeText(str(job.name) || id)}`,
      lines,
      facts: [
        ...fact('Runs on', [safeText(Array.isArray(job['runs-on']) ? job['runs-on'].map(str).join(', ') : str(job['runs-on']))]),
        ...fact('Needs', list(job.needs).map((n) => safeText(str(n)))),
        ...fact('Uses', [...new Set([str(job.uses), ...steps.map((s) => str(s.uses))])].filter((u) => u !== '').map(safeText)),
        ...fact('Steps', steps.length > 0 ? [String(steps.length)] : []),
        ...fact('Environment', envPairs(job.env).map((e) => shownEnv(e.name, e.value))),
        ...fact('Secrets', refsIn(jobText, SECRET_REF).map(safeText)),
        ...fact('Variables', refsIn(jobText, VAR_REF).map(safeText)),
      ],
    });
  }
}

const GITLAB_RESERVED = new Set(['stages', 'variables', 'default', 'include', 'workflow', 'image', 'services', 'before_script', 'after_script', 'cache', 'pages', 'spec']);
const GITLAB_VAR = /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g;

export function gitlabCiView(ctx: ParseContext, doc: YamlDoc, out: ParsedConfig): void {
  const data = doc.data;
  if (!isRecord(data)) return;
  const defined = new Set(Object.keys(isRecord(data.variables) ? data.variables : {}));
  const used = refsIn(ctx.text, GITLAB_VAR).filter((v) => !/^(CI|GITLAB|RUNNER|FF)_/.test(v) && !/^(CI|HOME|PATH|PWD)$/.test(v) && !defined.has(v));
  out.summary.push(
    ...fact('Stages', list(data.stages).map((s) => safeText(str(s)))),
    ...fact('Variables defined', [...defined].sort().map((v) => shownEnv(v, str((data.variables as Record<string, unknown>)[v])))),
    ...fact('Variables needed (CI/CD settings)', used.map(safeText)),
  );
  for (const name of used) out.env.push({ name: safeText(name), value: '', description: 'CI/CD variable', context: 'GitLab CI variable', path: ctx.path, lines: doc.lines });
  for (const id of Object.keys(data)) {
    const job = data[id];
    if (GITLAB_RESERVED.has(id) || !isRecord(job)) continue;
    const key = joinKey('', id);
    const lines = linesOf(doc, key);
    out.objects.push({
      key: doc.prefix + key,
      title: `${id.startsWith('.') ? 'Template' : 'Job'} ${safeText(id)}`,
      lines,
      facts: [
        ...fact('Stage', [safeText(str(job.stage))]),
        ...fact('Image', [safeText(isRecord(job.image) ? str(job.image.name) : str(job.image))]),
        ...fact('Extends', list(job.extends).map((e) => safeText(str(e)))),
        ...fact('Needs', list(job.needs).map((n) => safeText(isRecord(n) ? str(n.job) : str(n)))),
        ...fact('Script', list(job.script).map((s) => safeText(str(s))).slice(0, 20)),
        ...fact('Variables', envPairs(job.variables).map((e) => shownEnv(e.name, e.value))),
      ],
    });
  }
}

export function helmChartView(doc: YamlDoc, out: ParsedConfig): void {
  const data = doc.data;
  if (!isRecord(data)) return;
  out.summary.push(
    ...fact('Chart', [safeText(`${str(data.name)} ${str(data.version)}`.trim())]),
    ...fact('App version', [safeText(str(data.appVersion))]),
    ...fact('Kubernetes', [safeText(str(data.kubeVersion))]),
    ...fact('Dependencies', list(data.dependencies).filter(isRecord).map((d) => safeText(`${str(d.name)} ${str(d.version)}${d.repository ? ` (${str(d.repository)})` : ''}`))),
  );
}

