// Says why tests were skipped, at the end of the run: vitest's default reporter counts skipped
// tests without their reason, and a browser test skipped for want of Chromium must never pass
// for a test that ran.
import type { Reporter, TestModule } from 'vitest/node';

export default class SkipReasons implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const byNote = new Map<string, Map<string, number>>();
    for (const module of modules) {
      for (const test of module.children.allTests('skipped')) {
        const result = test.result();
        const note = result.state === 'skipped' ? result.note : undefined;
        if (!note) continue;
        const files = byNote.get(note) ?? new Map<string, number>();
        files.set(module.relativeModuleId, (files.get(module.relativeModuleId) ?? 0) + 1);
        byNote.set(note, files);
      }
    }
    for (const [note, files] of byNote) {
      const total = [...files.values()].reduce((a, b) => a + b, 0);
      const where = [...files].map(([file, n]) => `${file} (${n})`).join(', ');
      process.stdout.write(`\n ${total} test${total === 1 ? '' : 's'} skipped: ${note}\n   ${where}\n`);
    }
  }
}
