// The fault catalogue's table in test/README.md (issue 16) cannot rot: every row of the
// reliability catalogue appears exactly once, every test file it names exists, and every test
// name it gives is written in that file. A line `branch <name>: <file>` names a test still on a
// helper's branch; once that file is here, the line must be given its real test names.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const README = join(ROOT, 'test/README.md');

/** The catalogue's rows (RELIABILITY.md §5): prefix and count of each group, 84 in all. */
const GROUPS: [string, number][] = [['G', 21], ['O', 10], ['Y', 13], ['M', 10], ['T', 5], ['F', 9], ['C', 5], ['P', 5], ['U', 6]];
const ROW_IDS = GROUPS.flatMap(([prefix, n]) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`));

interface Entry {
  file: string;
  /** Set for `branch <name>: <file>`: a test that has not landed yet. */
  branch: string | null;
  names: string[];
}

interface Row {
  id: string;
  line: number;
  entries: Entry[];
}

const ROW_LINE = /^\|\s*([A-Z][0-9]{1,2})\s*\|/;

/** The rows of the table: `| Row | Fault | file<br>file | «name» «name»<br>«name» |`. */
function parseTable(text: string): { rows: Row[]; problems: string[] } {
  const rows: Row[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const m = ROW_LINE.exec(raw);
    if (!m) return;
    const line = i + 1;
    const cells = raw.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length !== 4) {
      problems.push(`line ${line}: ${m[1]} has ${cells.length} cells, not 4 (a "|" inside a name?)`);
      return;
    }
    const files = cells[2]!.split('<br>').map((f) => f.trim());
    const groups = cells[3]!.split('<br>').map((g) => g.trim());
    if (files.length !== groups.length) {
      problems.push(`line ${line}: ${m[1]} lists ${files.length} files but ${groups.length} groups of names`);
      return;
    }
    const entries = files.map((file, k): Entry => {
      const pending = /^branch ([\w./-]+): (\S+)$/.exec(file);
      const names = [...groups[k]!.matchAll(/«([^»]+)»/g)].map((n) => n[1]!);
      return pending ? { file: pending[2]!, branch: pending[1]!, names } : { file, branch: null, names };
    });
    rows.push({ id: m[1]!, line, entries });
  });
  return { rows, problems };
}

/** Everything wrong with the table, as lines a reader can act on; empty when it is right. */
function checkTable(text: string, root: string): string[] {
  const { rows, problems } = parseTable(text);
  for (const id of ROW_IDS) {
    const n = rows.filter((r) => r.id === id).length;
    if (n !== 1) problems.push(`row ${id} appears ${n} times, not once`);
  }
  for (const row of rows) {
    if (!ROW_IDS.includes(row.id)) problems.push(`line ${row.line}: ${row.id} is no row of the catalogue`);
    for (const entry of row.entries) {
      const path = join(root, entry.file);
      if (!/^test\/.+\.test\.ts$/.test(entry.file)) {
        problems.push(`line ${row.line}: ${row.id}: "${entry.file}" is not a test file under test/`);
        continue;
      }
      if (entry.branch) {
        if (existsSync(path)) problems.push(`line ${row.line}: ${row.id}: ${entry.file} has landed (branch ${entry.branch}); give its test names instead of the branch`);
        continue;
      }
      if (!existsSync(path)) {
        problems.push(`line ${row.line}: ${row.id}: ${entry.file} does not exist`);
        continue;
      }
      if (entry.names.length === 0) problems.push(`line ${row.line}: ${row.id}: no test name for ${entry.file}`);
      const source = readFileSync(path, 'utf8');
      // `describe › it`: each part is written in the file as it stands in the table.
      for (const name of entry.names) {
        for (const part of name.split(' › ')) {
          if (!source.includes(part)) problems.push(`line ${row.line}: ${row.id}: "${part}" is not written in ${entry.file}`);
        }
      }
    }
  }
  return problems;
}

describe('the fault catalogue table in test/README.md', () => {
  const text = readFileSync(README, 'utf8');

  it('has all 84 rows of the catalogue', () => {
    expect(ROW_IDS).toHaveLength(84);
    expect(new Set(parseTable(text).rows.map((r) => r.id))).toEqual(new Set(ROW_IDS));
  });

  it('lists every row once, with test files that exist and test names written in them', () => {
    expect(checkTable(text, ROOT)).toEqual([]);
  });

  it('fails when a row is missing, doubled or unknown', () => {
    const without = text.replace(/^\| M7 \|.*\n/m, '');
    expect(without).not.toBe(text);
    expect(checkTable(without, ROOT)).toEqual(['row M7 appears 0 times, not once']);
    const g5 = /^\| G5 \|.*$/m.exec(text)![0];
    expect(checkTable(text.replace(g5, `${g5}\n${g5}`), ROOT)).toEqual(['row G5 appears 2 times, not once']);
    expect(checkTable(text.replace(g5, `${g5}\n${g5.replace('| G5 |', '| G22 |')}`), ROOT)).toEqual([expect.stringMatching(/G22 is no row of the catalogue/)]);
  });

  it('fails when a test name or a file is wrong', () => {
    const renamed = text.replace('«says clearly when git is not installed, and exits 1»', '«says clearly when git is not installed, and exits 3»');
    expect(renamed).not.toBe(text);
    expect(checkTable(renamed, ROOT)).toEqual([expect.stringMatching(/G6: "says clearly when git is not installed, and exits 3" is not written in test\/cli\/cli\.test\.ts/)]);
    const wrongDescribe = text.replace('«odd file names (G8) ›', '«odd names (G8) ›');
    expect(checkTable(wrongDescribe, ROOT)).toEqual([expect.stringMatching(/G8: "odd names \(G8\)" is not written/)]);
    const moved = text.replace('| G19 | Another git process holds `index.lock` | test/git/untrusted-repo.test.ts', '| G19 | Another git process holds `index.lock` | test/git/untrusted.test.ts');
    expect(moved).not.toBe(text);
    expect(checkTable(moved, ROOT)).toEqual([expect.stringMatching(/G19: test\/git\/untrusted\.test\.ts does not exist/)]);
  });

  it('fails when a test named as on a branch has landed', () => {
    const landed = text.replace(/^(\| G20 \|[^|]*\|) [^|]* \| [^|]* \|$/m, '$1 branch blame: test/cli/cli.test.ts | — |');
    expect(landed).not.toBe(text);
    expect(checkTable(landed, ROOT)).toEqual([expect.stringMatching(/G20: test\/cli\/cli\.test\.ts has landed \(branch blame\)/)]);
  });
});
