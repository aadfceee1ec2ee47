// Parses Markdown in a worker thread but answers synchronously, within a budget of the worker's
// CPU time. micromark is quadratic or worse on some inputs (cmark's pathological cases take
// minutes), and a synchronous parse cannot be interrupted in-thread; a worker can be terminated.
// CPU time, not wall-clock time: on a loaded machine an ordinary document would otherwise run out
// of time and be published degraded, so the output would depend on the load (read from
// /proc/self/task/<tid>/stat on Linux; elsewhere wall-clock time).

import type { Root } from 'mdast';
import { readFileSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { siblingModule } from '../../utils/module-file.ts';
import { deepQuoteLine } from './parser.ts';

export interface ParseRequest {
  id: number;
  text: string;
}

export type ParseReply =
  | { id: number; ok: true; tree: Root }
  | { id: number; ok: false; reason: 'too-deep'; line: number }
  | { id: number; ok: false; reason: 'error'; message: string };

export type ParseResult =
  | { ok: true; tree: Root }
  | { ok: false; reason: 'too-deep'; line: number }
  | { ok: false; reason: 'error'; message: string }
  | { ok: false; reason: 'timeout'; ms: number };

const BOOT_TIMEOUT_MS = 30_000;
/** How often the worker's CPU time is read while a parse runs. */
const SLICE_MS = 50;
/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on every Linux ABI). */
const TICKS_PER_SECOND = 100;
/** Without the worker's CPU time (not Linux), or starved beyond reason: a wall-clock cap. */
const WALL_FACTOR = 20;

interface ParserThread {
  worker: Worker;
  port: MessagePort;
  /** [0] = 1 once booted; [1] = id of the last finished request; [2] = the worker's thread id (0: unknown). */
  signal: Int32Array;
  nextId: number;
}

/** CPU time (ms) the thread has used, or null when it cannot be read. */
function threadCpuMs(tid: number): number | null {
  if (tid === 0) return null;
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

let thread: ParserThread | null = null;

function startThread(): ParserThread {
  const signal = new Int32Array(new SharedArrayBuffer(12));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(siblingModule(import.meta.url, 'parse-worker'), {
    workerData: { port: port2, signal },
    transferList: [port2],
    // A hostile document may exhaust the worker's heap; the build process keeps its own.
    resourceLimits: { maxOldGenerationSizeMb: 1024, stackSizeMb: 8 },
  });
  // A crashed worker (out of memory) shows up as a timeout of the pending call; never as an
  // unhandled 'error' event that would take the build down.
  worker.on('error', () => {});
  worker.unref();
  port1.unref();
  if (Atomics.wait(signal, 0, 0, BOOT_TIMEOUT_MS) === 'timed-out') {
    void worker.terminate();
    throw new Error('Markdown parser worker did not start');
  }
  return { worker, port: port1, signal, nextId: 1 };
}

function cutOff(t: ParserThread, budgetMs: number): ParseResult {
  stopThread(t);
  return { ok: false, reason: 'timeout', ms: budgetMs };
}

function stopThread(t: ParserThread): void {
  t.port.close();
  void t.worker.terminate();
  if (thread === t) thread = null;
}

/** Parses `text` to mdast within `budgetMs` of the parser's CPU time, or says why it could not. */
export function parseMarkdownSync(text: string, budgetMs: number): ParseResult {
  // Refused without parsing: the parse would be refused too, after seconds of CPU (its GC included).
  const deep = deepQuoteLine(text);
  if (deep !== null) return { ok: false, reason: 'too-deep', line: deep };
  thread ??= startThread();
  const t = thread;
  const id = t.nextId++;
  t.port.postMessage({ id, text } satisfies ParseRequest);
  const tid = Atomics.load(t.signal, 2);
  const started = performance.now();
  const wallCap = tid === 0 ? budgetMs : budgetMs * WALL_FACTOR;
  // Most documents parse within the first slice: the CPU clock is read only for longer ones.
  let cpuAtFirstCheck: number | null = null;
  for (;;) {
    const remaining = wallCap - (performance.now() - started);
    const done = Atomics.load(t.signal, 1) === id || (remaining > 0 && Atomics.wait(t.signal, 1, id - 1, Math.min(remaining, SLICE_MS)) !== 'timed-out');
    if (done && Atomics.load(t.signal, 1) === id) break;
    if (remaining <= 0) return cutOff(t, budgetMs);
    const cpu = threadCpuMs(tid);
    if (cpu === null) continue;
    cpuAtFirstCheck ??= cpu - SLICE_MS;
    if (cpu - cpuAtFirstCheck >= budgetMs) return cutOff(t, budgetMs);
  }
  const received = receiveMessageOnPort(t.port);
  const reply = received?.message as ParseReply | undefined;
  if (!reply || reply.id !== id) {
    stopThread(t);
    return { ok: false, reason: 'error', message: 'parser worker lost the reply' };
  }
  if (reply.ok) return { ok: true, tree: reply.tree };
  if (reply.reason === 'too-deep') return { ok: false, reason: 'too-deep', line: reply.line };
  return { ok: false, reason: 'error', message: reply.message };
}
