import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const SERVER_BIN = join(REPO_ROOT, 'server/bin/karpear.mjs');
const WEB_INDEX = join(REPO_ROOT, 'web/dist/index.html');

/** The line `karpear serve` prints on stdout once it accepts connections. */
const READY = /Karpear ready on (http:\/\/127\.0\.0\.1:\d+)/;
const MAX_OUTPUT = 200_000;

export interface KarpearServer {
  /** e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  /** The server's fresh KARPEAR_DATA_DIR, deleted by stop(). */
  dataDir: string;
  /** Everything the server printed so far (stdout and stderr, the last 200 kB). */
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; removes the data folder. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartServerOptions {
  /** The script to run with `node <bin> serve`. Default server/bin/karpear.mjs. */
  bin?: string;
  /** Extra or overriding environment for the server. */
  env?: Record<string, string>;
  /** How long to wait for the ready line. Default 60 s. */
  timeoutMs?: number;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** The server must not outlive the test process, even when that process ends without teardown. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const child of running) child.kill('SIGKILL');
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}

/**
 * Starts `node server/bin/karpear.mjs serve` in demo mode on 127.0.0.1 with a random port and a fresh
 * data folder (PGlite inside it), and resolves once it prints its ready line. DATABASE_URL (and the db
 * tier's variables) are removed from its environment so a developer's shell can never point a demo server
 * at a real database.
 */
export async function startServer(options: StartServerOptions = {}): Promise<KarpearServer> {
  const bin = resolve(REPO_ROOT, options.bin ?? SERVER_BIN);
  if (!existsSync(bin)) throw new Error(`${bin} does not exist`);
  if (!existsSync(WEB_INDEX)) {
    throw new Error(`${WEB_INDEX} is missing: build the web app first (npm run build -w web); npm test does`);
  }
  installExitHook();
  const dataDir = mkdtempSync(join(tmpdir(), 'karpear-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Always PGlite in the fresh data folder: never a developer's database, never the db tier's.
  for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL', 'KARPEAR_TEST_DB']) delete env[name];
  Object.assign(env, {
    HOST: '127.0.0.1',
    PORT: '0',
    KARPEAR_DATA_DIR: dataDir,
    KARPEAR_MODE: 'demo',
    ...options.env,
  });
  const child = spawn(process.execPath, [bin, 'serve'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);

  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > MAX_OUTPUT) output = output.slice(-MAX_OUTPUT);
    if (process.env.KARPEAR_E2E_SERVER_LOG) process.stderr.write(chunk);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolveExit) => {
    child.once('exit', () => {
      running.delete(child);
      resolveExit();
    });
  });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killed = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 10_000)),
      ]);
      if (!killed) {
        child.kill('SIGKILL');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      }
    }
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };

  const timeoutMs = options.timeoutMs ?? 60_000;
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      let pending = '';
      const onData = (chunk: Buffer) => {
        pending += chunk.toString('utf8');
        const match = READY.exec(pending);
        if (match?.[1]) {
          cleanup();
          resolveUrl(match[1]);
        } else if (pending.length > 10_000) {
          pending = pending.slice(-1_000);
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        cleanup();
        reject(new Error(`karpear serve exited (code ${code}, signal ${signal}) before it was ready`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(`karpear serve printed no 'Karpear ready on http://127.0.0.1:<port>' in ${timeoutMs} ms`),
        );
      }, timeoutMs);
      function cleanup() {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
      }
      child.stdout?.on('data', onData);
      child.once('exit', onExit);
    });
    return { url, dataDir, output: () => output, stop };
  } catch (error) {
    await stop();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${message}\n--- server output ---\n${output || '(nothing)'}\n--- end of server output ---`,
    );
  }
}
