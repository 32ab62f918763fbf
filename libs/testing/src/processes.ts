import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  /** The exit code, or the signal's name when a signal ended it. */
  exited: Promise<number | string | null>;
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
}

/**
 * Starts apps/<app>/src/main.ts with this test run's environment plus `env`: the run's compiled copy
 * (TEST_COMPILED_DIR, made by the global setup), or else the source through ts-node.
 */
export function startProcess(entry: string, env: Record<string, string> = {}): RunningProcess {
  let output = '';
  const compiled = process.env.TEST_COMPILED_DIR
    ? join(process.env.TEST_COMPILED_DIR, entry.replace(/\.ts$/, '.js'))
    : undefined;
  const args =
    compiled && existsSync(compiled)
      ? [compiled]
      : ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', entry];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  return {
    child,
    output: () => output,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
