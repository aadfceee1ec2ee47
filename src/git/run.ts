// The only way livewiki runs git for reading: argv arrays, no shell, a constant allowlisted
// environment and constant `-c` overrides, always `git -C <root>` (RELIABILITY.md §1.1, §3, §6).
// Variable inputs are validated shas and paths after `--`; nothing a repository or a config
// file says ever lands in option position.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export type GitErrorCode =
  | 'E_GIT_MISSING'
  | 'E_NOT_A_REPO'
  | 'E_GIT_DUBIOUS_OWNERSHIP'
  | 'E_GIT_TIMEOUT'
  | 'E_GIT_OUTPUT_TOO_LARGE'
  | 'E_GIT_FAILED';

/** A git failure as data: stable code, one-sentence message, optional hint. */
export interface GitFailure {
  code: GitErrorCode;
  message: string;
  hint?: string;
  /** The git subcommand and its arguments (no environment, no `-c` flags). */
  command: string;
  exitCode: number | null;
  stderr: string;
}

export type GitResult<T> = { ok: true; value: T } | { ok: false; error: GitFailure };

/** Thrown by the streaming form (an async iterator cannot return a typed result). */
export class GitError extends Error {
  readonly failure: GitFailure;
  constructor(failure: GitFailure) {
    super(failure.message);
    this.name = 'GitError';
    this.failure = failure;
  }
}

/** Where and how git runs. `root` is the repository (or the directory to open). */
export interface GitContext {
  root: string;
  /**
   * Adds `-c safe.directory=<root>`; only for repositories this tool cloned itself
   * (never `safe.directory=*`, CVE-2022-24765).
   */
  ownedByTool?: boolean;
  /** Default timeout per command, in ms. */
  timeoutMs?: number;
  /** PATH for the child; defaults to process.env.PATH (tests use it to hide git). */
  path?: string;
  /**
   * Config entries given to every command in the command scope (above the repository's own
   * config): `openRepo` fills it with what neutralises the command-bearing keys it found in the
   * repository's config (filter drivers, textconv, ...; see `neutralizingConfig`).
   */
  overrides?: readonly (readonly [string, string])[];
  /**
   * `safe.directory` values from the user's global and system git config (the only keys livewiki
   * reads from them), passed on so git trusts exactly what the machine's owner trusted.
   */
  safeDirectories?: readonly string[];
}

export interface RunOptions {
  timeoutMs?: number;
  /** Bytes written to stdin (stdin is closed otherwise). */
  input?: Buffer | string;
  /** Exit codes that are not failures (e.g. `git config --get` exits 1 when unset). */
  okExitCodes?: readonly number[];
  /** Collect cap; the streaming form has none. Default 256 MiB. */
  maxBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/** Constant `-c` overrides: neutralise repository-local and user config that runs code or changes output. */
const CONSTANT_FLAGS: readonly string[] = [
  '--no-pager',
  '--literal-pathspecs',
  '-c', 'core.fsmonitor=false',
  '-c', 'safe.bareRepository=explicit',
  '-c', 'core.hooksPath=/dev/null',
  '-c', 'log.showSignature=false',
  '-c', 'core.quotePath=false',
  '-c', 'color.ui=false',
  '-c', 'diff.external=',
  '-c', 'i18n.logOutputEncoding=UTF-8',
  '-c', 'core.pager=cat',
  '-c', 'core.askPass=',
  '-c', 'credential.helper=',
  '-c', 'protocol.allow=never',
  '-c', 'log.mailmap=true',
  '-c', 'core.untrackedCache=false',
  // Network (`--deepen`) and anything that may spawn a helper: the transports allowed are fixed by
  // GIT_ALLOW_PROTOCOL below; these keys would otherwise run a command from the repository's config.
  '-c', 'core.sshCommand=ssh',
  '-c', 'core.alternateRefsCommand=true',
  '-c', 'submodule.recurse=false',
  '-c', 'fetch.recurseSubmodules=false',
  '-c', 'status.submoduleSummary=false',
  '-c', 'gc.auto=0',
  '-c', 'maintenance.auto=false',
];

/**
 * Transports git may use, whatever any config says (`ext::`, `fd::`, `file://`, remote helpers
 * named by `remote.<name>.vcs` and `url.<base>.insteadOf` rewrites to them are refused).
 */
export const ALLOWED_PROTOCOLS = 'https:ssh';

/**
 * Config keys that name a command git would run on the read path or on `--deepen`, and the inert
 * value each is given (command scope wins over the repository's own config). Keys are matched as
 * git prints them: section and variable lower-case, subsection as written.
 */
const COMMAND_KEYS: readonly [RegExp, string][] = [
  [/^filter\..+\.(clean|smudge|process)$/, ''],
  [/^diff\..+\.(textconv|command)$/, ''],
  [/^merge\..+\.driver$/, ''],
  [/^remote\..+\.uploadpack$/, 'git-upload-pack'],
  [/^remote\..+\.receivepack$/, 'git-receive-pack'],
];

/**
 * The overrides that neutralise the command-bearing keys among `keys` (a repository's config):
 * an empty filter, textconv or diff command means "none" to git; a filter is also made optional,
 * so git reads the file as it is instead of failing.
 */
export function neutralizingConfig(keys: readonly string[]): [string, string][] {
  const out = new Map<string, string>();
  for (const key of keys) {
    for (const [re, value] of COMMAND_KEYS) {
      if (!re.test(key)) continue;
      out.set(key, value);
      if (key.startsWith('filter.')) out.set(`${key.slice(0, key.lastIndexOf('.'))}.required`, 'false');
    }
  }
  return [...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The complete environment of every git child: nothing else from process.env (CI secrets stay out). */
export function gitEnvironment(root: string, path: string | undefined = process.env.PATH, overrides: readonly (readonly [string, string])[] = []): Record<string, string> {
  const env: Record<string, string> = {
    LANG: 'C',
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CEILING_DIRECTORIES: dirname(resolve(root)),
    GIT_ALLOW_PROTOCOL: ALLOWED_PROTOCOLS,
    PATH: path ?? '/usr/bin:/bin',
  };
  if (process.env.HOME !== undefined) env.HOME = process.env.HOME;
  // GIT_CONFIG_KEY_<n> takes any key verbatim (`-c` would split a subsection holding "=").
  if (overrides.length > 0) {
    env.GIT_CONFIG_COUNT = String(overrides.length);
    overrides.forEach(([key, value], i) => {
      env[`GIT_CONFIG_KEY_${i}`] = key;
      env[`GIT_CONFIG_VALUE_${i}`] = value;
    });
  }
  return env;
}

/** Full argv after `git`: `-C <root>`, constant flags, then the subcommand. */
export function gitArgv(ctx: GitContext, args: readonly string[]): string[] {
  const root = resolve(ctx.root);
  const argv = ['-C', root, ...CONSTANT_FLAGS];
  if (ctx.ownedByTool) argv.push('-c', `safe.directory=${root}`);
  for (const dir of ctx.safeDirectories ?? []) argv.push('-c', `safe.directory=${dir}`);
  return [...argv, ...args];
}

const SHA_RE = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** Full object id (SHA-1 or SHA-256), lower-case hex. */
export function isSha(value: string): boolean {
  return SHA_RE.test(value);
}

/** Throws unless `value` is a full sha: the only revision form we pass to git. */
export function assertSha(value: string): string {
  if (!isSha(value)) throw new TypeError(`not a full commit sha: ${JSON.stringify(value)}`);
  return value;
}

/** Runs git and collects stdout (for small outputs). Never throws for git failures. */
export async function runGit(ctx: GitContext, args: readonly string[], options: RunOptions = {}): Promise<GitResult<Buffer>> {
  const chunks: Buffer[] = [];
  let size = 0;
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let tooLarge = false;
  const outcome = await spawnGit(ctx, args, options, (chunk, kill) => {
    size += chunk.length;
    if (size > max) {
      tooLarge = true;
      kill();
      return;
    }
    chunks.push(chunk);
  });
  if (tooLarge) {
    return {
      ok: false,
      error: {
        code: 'E_GIT_OUTPUT_TOO_LARGE',
        message: `git ${describe(args)} produced more than ${max} bytes`,
        command: describe(args),
        exitCode: null,
        stderr: '',
      },
    };
  }
  if (outcome.failure) return { ok: false, error: outcome.failure };
  return { ok: true, value: Buffer.concat(chunks) };
}

/** `runGit` decoded as UTF-8 text. */
export async function runGitText(ctx: GitContext, args: readonly string[], options: RunOptions = {}): Promise<GitResult<string>> {
  const r = await runGit(ctx, args, options);
  return r.ok ? { ok: true, value: r.value.toString('utf8') } : r;
}

/**
 * Streams git's stdout as raw chunks, with no buffer limit (GBs are fine).
 * Throws `GitError` at the end when git fails, times out or is missing.
 *
 * `spool: true` lets git write into an unlinked temporary file that is read while it grows:
 * git never waits on a full 64 KiB pipe while we parse, which keeps one history pass close
 * to the speed of git writing to /dev/null. The file's disk space is released when done.
 */
export async function* streamGit(ctx: GitContext, args: readonly string[], options: RunOptions & { spool?: boolean } = {}): AsyncGenerator<Buffer> {
  if (options.spool) {
    const spool = await openSpool().catch(() => null);
    if (spool) {
      yield* streamSpooled(ctx, args, options, spool);
      return;
    }
  }
  const queue: Buffer[] = [];
  let done = false;
  let failure: GitFailure | undefined;
  let wake: (() => void) | undefined;
  let pause: (() => void) | undefined;
  let resumeFn: (() => void) | undefined;
  let kill: (() => void) | undefined;
  const finished = spawnGit(
    ctx,
    args,
    options,
    (chunk) => {
      queue.push(chunk);
      if (queue.length > 64) pause?.();
      wake?.();
    },
    (controls) => {
      pause = controls.pause;
      resumeFn = controls.resume;
      kill = controls.kill;
    },
  ).then((outcome) => {
    failure = outcome.failure;
    done = true;
    wake?.();
  });
  try {
    for (;;) {
      const chunk = queue.shift();
      if (chunk) {
        if (queue.length < 8) resumeFn?.();
        yield chunk;
        continue;
      }
      if (done) break;
      await new Promise<void>((r) => {
        wake = r;
      });
      wake = undefined;
    }
    await finished;
    if (failure) throw new GitError(failure);
  } finally {
    // Consumer stopped early: do not leave git running.
    if (!done) kill?.();
  }
}

interface Spool {
  writeFd: number;
  reader: FileHandle;
}

async function openSpool(): Promise<Spool> {
  const dir = await mkdtemp(join(tmpdir(), 'livewiki-git-'));
  const file = join(dir, 'out');
  try {
    const writeFd = openSync(file, 'wx', 0o600);
    const reader = await open(file, 'r');
    return { writeFd, reader };
  } finally {
    // Unlinked at once: nothing is left behind even if the process dies.
    await rm(dir, { recursive: true, force: true });
  }
}

async function* streamSpooled(ctx: GitContext, args: readonly string[], options: RunOptions, spool: Spool): AsyncGenerator<Buffer> {
  let done = false;
  let failure: GitFailure | undefined;
  let kill: (() => void) | undefined;
  const finished = spawnGit(ctx, args, options, () => {}, (c) => {
    kill = c.kill;
  }, spool.writeFd).then((outcome) => {
    failure = outcome.failure;
    done = true;
  });
  closeSync(spool.writeFd);
  let position = 0;
  // One read buffer for the whole stream; each chunk handed out is an exact-size copy (a fresh
  // 1 MiB buffer per read cost several extra garbage collections per build).
  const buf = Buffer.allocUnsafe(1 << 20);
  try {
    for (;;) {
      const exited = done;
      const { bytesRead } = await spool.reader.read(buf, 0, buf.length, position);
      if (bytesRead > 0) {
        position += bytesRead;
        const chunk = Buffer.from(buf.subarray(0, bytesRead));
        yield chunk;
        continue;
      }
      if (exited) break;
      await sleep(1);
    }
    await finished;
    if (failure) throw new GitError(failure);
  } finally {
    if (!done) kill?.();
    await spool.reader.close();
  }
}

/** Splits a byte stream into records ending with `separator` (NUL by default), across chunk boundaries. */
export class RecordSplitter {
  private carry: Buffer | null = null;
  private readonly separator: number;

  constructor(separator = 0) {
    this.separator = separator;
  }

  /** Calls `onRecord(buf, start, end)` for each complete record in `chunk` (no copies when possible). */
  push(chunk: Buffer, onRecord: (buf: Buffer, start: number, end: number) => void): void {
    let start = 0;
    if (this.carry) {
      const i = chunk.indexOf(this.separator);
      if (i < 0) {
        this.carry = Buffer.concat([this.carry, chunk]);
        return;
      }
      const joined = Buffer.concat([this.carry, chunk.subarray(0, i)]);
      this.carry = null;
      onRecord(joined, 0, joined.length);
      start = i + 1;
    }
    for (;;) {
      const i = chunk.indexOf(this.separator, start);
      if (i < 0) break;
      onRecord(chunk, start, i);
      start = i + 1;
    }
    if (start < chunk.length) this.carry = Buffer.from(chunk.subarray(start));
  }

  /** Remaining bytes after the last separator (a final record without terminator), or null. */
  end(): Buffer | null {
    const rest = this.carry;
    this.carry = null;
    return rest && rest.length > 0 ? rest : null;
  }
}

/** Streams NUL-separated records (copies), for callers that want one record at a time. */
export async function* streamGitRecords(ctx: GitContext, args: readonly string[], options: RunOptions = {}): AsyncGenerator<Buffer> {
  const splitter = new RecordSplitter(0);
  for await (const chunk of streamGit(ctx, args, options)) {
    const out: Buffer[] = [];
    splitter.push(chunk, (buf, s, e) => out.push(Buffer.from(buf.subarray(s, e))));
    yield* out;
  }
  const rest = splitter.end();
  if (rest) yield rest;
}

interface SpawnOutcome {
  failure?: GitFailure;
}

interface Controls {
  pause(): void;
  resume(): void;
  kill(): void;
}

function describe(args: readonly string[]): string {
  return args.map((a) => (/^[\w@%:./=^{}+,-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

function spawnGit(
  ctx: GitContext,
  args: readonly string[],
  options: RunOptions,
  onData: (chunk: Buffer, kill: () => void) => void,
  onControls?: (c: Controls) => void,
  stdoutFd?: number,
): Promise<SpawnOutcome> {
  const timeoutMs = options.timeoutMs ?? ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const command = describe(args);
  return new Promise((resolvePromise) => {
    const child = spawn('git', gitArgv(ctx, args), {
      shell: false,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', stdoutFd ?? 'pipe', 'pipe'],
      env: gitEnvironment(ctx.root, ctx.path ?? process.env.PATH, ctx.overrides),
      windowsHide: true,
    });
    const stderr: Buffer[] = [];
    let stderrSize = 0;
    let timedOut = false;
    let settled = false;
    const kill = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    onControls?.({ pause: () => child.stdout?.pause(), resume: () => child.stdout?.resume(), kill });
    child.stdout?.on('data', (chunk: Buffer) => onData(chunk, kill));
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderrSize < 64 * 1024) stderr.push(chunk);
      stderrSize += chunk.length;
    });
    if (options.input !== undefined && child.stdin) {
      child.stdin.on('error', () => {}); // git may exit before reading everything; the exit code tells.
      child.stdin.end(options.input);
    }
    const finish = (outcome: SpawnOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolvePromise(outcome);
    };
    child.on('error', (err: NodeJS.ErrnoException) => {
      finish({ failure: classify(ctx, command, null, err.code === 'ENOENT' ? 'ENOENT' : String(err.message), false) });
    });
    child.on('close', (code) => {
      const text = Buffer.concat(stderr).toString('utf8');
      if (timedOut || code !== 0 || child.signalCode) {
        if (!timedOut && code !== null && (options.okExitCodes ?? []).includes(code)) return finish({});
        return finish({ failure: classify(ctx, command, code, text, timedOut, timeoutMs) });
      }
      finish({});
    });
  });
}

function classify(ctx: GitContext, command: string, exitCode: number | null, stderr: string, timedOut: boolean, timeoutMs = 0): GitFailure {
  const base = { command, exitCode, stderr };
  const root = resolve(ctx.root);
  if (stderr === 'ENOENT') {
    return {
      ...base,
      stderr: '',
      code: 'E_GIT_MISSING',
      message: 'git is not installed or not on PATH',
      hint: 'Install git (2.31 or newer).',
    };
  }
  if (timedOut) {
    return { ...base, code: 'E_GIT_TIMEOUT', message: `git ${command} timed out after ${timeoutMs} ms in ${root}` };
  }
  if (/detected dubious ownership/i.test(stderr)) {
    return {
      ...base,
      code: 'E_GIT_DUBIOUS_OWNERSHIP',
      message: `git refuses to read ${root}: it is owned by another user (dubious ownership)`,
      hint: `Run as the owner of the repository, or trust exactly this directory in the global git config, which livewiki reads for this key only: git config --global --add safe.directory ${root} (never '*').`,
    };
  }
  if (/not a git repository/i.test(stderr)) {
    return {
      ...base,
      code: 'E_NOT_A_REPO',
      message: `${root} is not a git repository`,
      hint: 'Point livewiki at a git checkout (a Docker build context often lacks .git).',
    };
  }
  const firstLine = stderr.split('\n').find((l) => l.trim() !== '') ?? `exit code ${exitCode}`;
  return { ...base, code: 'E_GIT_FAILED', message: `git ${command} failed: ${firstLine.trim()}` };
}
