// Parses Markdown in a worker thread but answers synchronously, with a wall-clock budget.
// micromark is quadratic or worse on some inputs (cmark's pathological cases take minutes), and
// a synchronous parse cannot be interrupted in-thread; a worker can be terminated.

import type { Root } from 'mdast';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { siblingModule } from '../../utils/module-file.ts';

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

interface ParserThread {
  worker: Worker;
  port: MessagePort;
  /** [0] = 1 once booted; [1] = id of the last finished request. */
  signal: Int32Array;
  nextId: number;
}

let thread: ParserThread | null = null;

function startThread(): ParserThread {
  const signal = new Int32Array(new SharedArrayBuffer(8));
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

function stopThread(t: ParserThread): void {
  t.port.close();
  void t.worker.terminate();
  if (thread === t) thread = null;
}

/** Parses `text` to mdast within `budgetMs`, or says why it could not. */
export function parseMarkdownSync(text: string, budgetMs: number): ParseResult {
  thread ??= startThread();
  const t = thread;
  const id = t.nextId++;
  t.port.postMessage({ id, text } satisfies ParseRequest);
  const deadline = performance.now() + budgetMs;
  for (;;) {
    const remaining = deadline - performance.now();
    if (remaining <= 0 || Atomics.wait(t.signal, 1, id - 1, remaining) === 'timed-out') {
      if (Atomics.load(t.signal, 1) === id) break;
      stopThread(t);
      return { ok: false, reason: 'timeout', ms: budgetMs };
    }
    if (Atomics.load(t.signal, 1) === id) break;
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
