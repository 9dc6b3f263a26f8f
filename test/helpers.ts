import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../bin/xcred.cjs', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  input?: string;
  cwd?: string;
  timeoutMs?: number;
  /** How a shell starts xcred: `node bin/xcred.cjs` (default) or the bin itself, through its shebang. */
  via?: 'node' | 'shebang';
}

/** Spawn the built xcred with a clean environment (no inherited credentials). */
export function runCli(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const [file, argv] = opts.via === 'shebang' ? [BIN, args] : [process.execPath, [BIN, ...args]];
    const child = spawn(file, argv, {
      cwd: opts.cwd ?? fileURLToPath(new URL('../fixtures/empty-cwd', import.meta.url)),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** MEXC doc example credentials (public test vectors, not real keys). */
export const MEXC_DOC_ENV = { MEXC_API_KEY: 'mx0aBYs33eIilxBWC5', MEXC_SECRET_KEY: '45d0b3c26f2644f19bfb98b07741b2f5' };
