// Dockerfile: stages and their base images, ARG/ENV (with defaults), EXPOSE, USER, WORKDIR,
// ENTRYPOINT/CMD, HEALTHCHECK. Keys: `ARG.X` before the first FROM; then `<stage>.ENV.X`,
// `<stage>.EXPOSE`… where `<stage>` is the `AS` name or `stage<N>` (omitted in one-stage files).

import { commentAbove, emptyParsed, joinKey, safeText, safeValue, type ConfigEntry, type Fact, type ParseContext, type ParsedConfig } from './model.ts';

interface Instruction {
  op: string;
  args: string;
  lines: [number, number];
  column: number;
}

function instructions(text: string): Instruction[] {
  const lines = text.split(/\r?\n/);
  let escape = '\\';
  const out: Instruction[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const directive = /^#\s*escape\s*=\s*(\S)/i.exec(raw);
    if (directive && out.length === 0) escape = directive[1] ?? '\\';
    if (/^\s*(#|$)/.test(raw)) continue;
    const start = i;
    let logical = raw;
    while (logical.trimEnd().endsWith(escape) && i + 1 < lines.length) {
      logical = logical.trimEnd().slice(0, -1);
      // Comment lines inside a continuation are dropped by Docker.
      do i++;
      while (i < lines.length && /^\s*#/.test(lines[i] ?? ''));
      logical += ` ${(lines[i] ?? '').trim()}`;
    }
    const m = /^\s*([A-Za-z]+)\s*(.*)$/.exec(logical);
    if (m) out.push({ op: (m[1] ?? '').toUpperCase(), args: (m[2] ?? '').trim(), lines: [start + 1, i + 1], column: raw.search(/\S/) });
  }
  return out;
}

/** `A=1 B="two words"` or legacy `A value`. */
function assignments(args: string): { name: string; value: string }[] {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*=/.test(args)) {
    const m = /^(\S+)(?:\s+(.*))?$/.exec(args);
    return m ? [{ name: m[1] ?? '', value: (m[2] ?? '').trim() }] : [];
  }
  const out: { name: string; value: string }[] = [];
  const re = /([A-Za-z_][A-Za-z0-9_.-]*)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g;
  for (const m of args.matchAll(re)) out.push({ name: m[1] ?? '', value: m[2] ?? '' });
  return out;
}

export function parseDockerfile(ctx: ParseContext): ParsedConfig {
  const out = emptyParsed();
  const all = instructions(ctx.text);
  const lines = ctx.text.split(/\r?\n/);
  const stageCount = all.filter((i) => i.op === 'FROM').length;
  let stage = '';
  let stageIndex = -1;
  const images: string[] = [];
  const exposed: string[] = [];
  const args: string[] = [];
  const add = (key: string, keyName: string, type: string, value: string, ins: Instruction, level: number): ConfigEntry => {
    const d = commentAbove(lines, ins.lines[0], ins.column);
    const e: ConfigEntry = { key, level, type, value: value === '' ? '' : safeValue(keyName, value), description: d.description, defaultText: '', lines: ins.lines };
    out.entries.push(e);
    return e;
  };
  for (const ins of all) {
    const prefix = stageCount > 1 && stageIndex >= 0 ? stage : '';
    if (ins.op === 'FROM') {
      stageIndex++;
      const m = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(ins.args);
      const image = m?.[1] ?? ins.args;
      stage = m?.[2] ? safeText(m[2]) : `stage${stageIndex}`;
      const key = stageCount > 1 ? stage : 'FROM';
      add(key, 'FROM', 'base image', image, ins, 0);
      images.push(safeText(image));
      out.images.push({ image: safeText(image), path: ctx.path, lines: ins.lines });
      continue;
    }
    const at = (...segs: string[]) => segs.reduce((k, seg) => joinKey(k, seg), prefix);
    const level = prefix === '' ? 0 : 1;
    switch (ins.op) {
      case 'ARG':
      case 'ENV':
        for (const a of assignments(ins.args)) {
          add(at(ins.op, safeText(a.name)), a.name, ins.op === 'ARG' ? 'build argument' : 'environment', a.value, ins, level);
          if (ins.op === 'ARG') args.push(safeText(a.name));
          else out.env.push({ name: safeText(a.name), value: a.value === '' ? '' : safeValue(a.name, a.value), description: '', context: `Dockerfile ${stage}`, path: ctx.path, lines: ins.lines });
        }
        break;
      case 'EXPOSE':
        add(at('EXPOSE'), 'EXPOSE', 'ports', ins.args, ins, level);
        exposed.push(...ins.args.split(/\s+/).map(safeText));
        break;
      case 'USER':
      case 'WORKDIR':
      case 'ENTRYPOINT':
      case 'CMD':
      case 'HEALTHCHECK':
      case 'SHELL':
      case 'STOPSIGNAL':
        add(at(ins.op), ins.op, ins.op.toLowerCase(), ins.args, ins, level);
        break;
      case 'LABEL':
        for (const a of assignments(ins.args)) add(at('LABEL', safeText(a.name.replace(/^"|"$/g, ''))), a.name, 'label', a.value, ins, level);
        break;
      default:
        break;
    }
  }
  const facts: Fact[] = [];
  if (images.length > 0) facts.push({ label: 'Base images', items: images });
  if (args.length > 0) facts.push({ label: 'Build arguments', items: [...new Set(args)] });
  if (exposed.length > 0) facts.push({ label: 'Exposed ports', items: [...new Set(exposed)] });
  out.summary.push(...facts);
  return out;
}
