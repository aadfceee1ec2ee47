// Worker side of `parse-sync.ts`: parses one document per message, then wakes the waiting caller.

import { readlinkSync } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import { workerData } from 'node:worker_threads';
import { findTooDeep, parseMdast } from './parser.ts';
import type { ParseReply, ParseRequest } from './parse-sync.ts';

const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };

function reply(message: ParseReply): void {
  port.postMessage(message);
  Atomics.store(signal, 1, message.id);
  Atomics.notify(signal, 1);
}

port.on('message', (request: ParseRequest) => {
  try {
    const tree = parseMdast(request.text);
    const deepLine = findTooDeep(tree);
    if (deepLine !== null) reply({ id: request.id, ok: false, reason: 'too-deep', line: deepLine });
    else reply({ id: request.id, ok: true, tree });
  } catch (error) {
    // RangeError (stack overflow) on pathological nesting, or anything else: report, stay alive.
    reply({ id: request.id, ok: false, reason: 'error', message: String((error as Error)?.message ?? error) });
  }
});

// The caller charges this thread's CPU time to the budget; /proc names it (Linux only).
try {
  Atomics.store(signal, 2, Number(/\/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1] ?? 0));
} catch {
  // Not Linux: the caller falls back to wall-clock time.
}
// Tell the caller the parser modules are loaded, so start-up time is not charged to the budget.
Atomics.store(signal, 0, 1);
Atomics.notify(signal, 0);
