// Draws the pipeline's progress events. On a terminal (stderr is a TTY and not CI): a live task
// list, redrawn in place with ANSI, one line per stage with its count and time. Elsewhere (CI,
// pipes, files): one plain timestamped line per finished stage, `[12:00:01] extract: 120 pages
// (340 ms)`. `--quiet` draws nothing; `--verbose` also prints stage starts in plain mode.
import type { ProgressEvent, ProgressObserver, StageName } from '../pipeline/progress.ts';

export type ProgressMode = 'live' | 'plain' | 'off';

export interface ProgressOptions {
  quiet: boolean;
  verbose: boolean;
  /** Defaults: process.stderr and process.env. */
  stream?: { write(s: string): unknown; isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
  /** Time of day for plain lines (tests pin it). */
  now?: () => Date;
}

export function progressMode(o: ProgressOptions): ProgressMode {
  if (o.quiet) return 'off';
  const env = o.env ?? process.env;
  const stream = o.stream ?? process.stderr;
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return stream.isTTY && !ci && !env.NO_COLOR && env.TERM !== 'dumb' ? 'live' : 'plain';
}

function describe(e: Extract<ProgressEvent, { type: 'end' }>): string {
  const parts: string[] = [];
  if (e.count !== undefined) parts.push(`${e.count}${e.unit ? ` ${e.unit}` : ''}`);
  if (e.detail) parts.push(e.detail);
  return parts.join(', ');
}

function clock(d: Date): string {
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}`;
}

export interface ProgressView {
  observer: ProgressObserver;
  /** Leaves the terminal clean (a final redraw). */
  close(): void;
}

export function createProgress(o: ProgressOptions): ProgressView {
  const mode = progressMode(o);
  const stream = o.stream ?? process.stderr;
  const now = o.now ?? (() => new Date());
  if (mode === 'off') return { observer: () => {}, close: () => {} };
  if (mode === 'plain') {
    return {
      observer(e) {
        if (e.type === 'start') {
          if (o.verbose) stream.write(`[${clock(now())}] ${e.stage}: started\n`);
          return;
        }
        const what = describe(e);
        stream.write(`[${clock(now())}] ${e.stage}: ${what === '' ? 'done' : what} (${e.ms} ms)\n`);
      },
      close() {},
    };
  }
  // Live: the whole list is redrawn on every event (a dozen lines at most).
  const rows: { stage: StageName; text: string }[] = [];
  let drawn = 0;
  const draw = () => {
    let out = drawn > 0 ? `\x1b[${drawn}A\x1b[J` : '';
    for (const r of rows) out += `${r.text}\n`;
    drawn = rows.length;
    stream.write(out);
  };
  return {
    observer(e) {
      const row = rows.find((r) => r.stage === e.stage);
      if (e.type === 'start') {
        const text = `  \x1b[36m…\x1b[0m ${e.stage}`;
        if (row) row.text = text;
        else rows.push({ stage: e.stage, text });
      } else {
        const what = describe(e);
        const text = `  \x1b[32m✔\x1b[0m ${e.stage.padEnd(15)} ${what.padEnd(28)} \x1b[2m${e.ms} ms\x1b[0m`;
        if (row) row.text = text;
        else rows.push({ stage: e.stage, text });
      }
      draw();
    },
    close() {},
  };
}
