import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/karpear.mjs', import.meta.url));

export interface KarpearRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface KarpearRunOptions {
  /** Added to the clean environment (PATH, HOME, LOG_LEVEL=warn); nothing else of this process's leaks in. */
  env?: Record<string, string>;
  /** Killed and failed after this long (default 120 s: a busy 2-core machine loads the sources slowly). */
  timeoutMs?: number;
}

/**
 * Run the real `karpear` command in a child process, as an operator would: a clean, explicit
 * environment (never a developer's DATABASE_URL), output piped (plain lines, no progress bar).
 */
export function runKarpear(args: string[], options: KarpearRunOptions = {}): Promise<KarpearRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), LOG_LEVEL: 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`karpear ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
