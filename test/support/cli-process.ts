import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The `assetflow` command as a user runs it. */
export const CLI = path.join(__dirname, '..', '..', 'bin', 'assetflow.js');

export interface CliOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface CliProcess {
  pid: number;
  /** stdout and stderr so far, interleaved as they came. */
  output(): string;
  stdout(): string;
  stderr(): string;
  /** Resolves once the output matches `pattern`; fails if the process exits first or `timeoutMs` passes. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** SIGTERM (a worker shuts down cleanly), SIGKILL of its process group after 15 s. */
  stop(): Promise<void>;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** Starts `assetflow <args>` in its own process group, output to pipes (not a terminal). */
export function startCli(args: string[], options: CliOptions): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let all = '';
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    all += chunk.toString();
    notify();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    all += chunk.toString();
    notify();
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let ended = false;
  void exited.then(() => {
    ended = true;
    notify();
  });
  return {
    pid: child.pid!,
    output: () => all,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern, timeoutMs = 90_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`timed out waiting for ${pattern} in the output of assetflow ${args.join(' ')}:\n${all}`)), timeoutMs);
        const check = () => {
          if (pattern.test(all)) done();
          else if (ended) done(new Error(`assetflow ${args.join(' ')} exited before printing ${pattern}:\n${all}`));
        };
        const done = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve();
        };
        waiters.add(check);
        check();
      }),
    stop: async () => {
      if (ended) return;
      try {
        process.kill(child.pid!, 'SIGTERM');
      } catch {
        return;
      }
      const killer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Runs `assetflow <args>` to its end. */
export async function runCli(args: string[], options: CliOptions): Promise<{ status: number | null; stdout: string; stderr: string; output: string }> {
  const cli = startCli(args, options);
  const status = await cli.exited;
  return { status, stdout: cli.stdout(), stderr: cli.stderr(), output: cli.output() };
}

/**
 * Puts the suite's prebuilt workflow bundle where a worker started in `projectDir` looks for it
 * (`.assetflow/cache/`), so it does not bundle the workflows again.
 */
export function shareWorkflowBundle(projectDir: string): void {
  const bundle = process.env.ASSETFLOW_TEST_BUNDLE;
  if (!bundle) return;
  const cache = path.join(projectDir, '.assetflow', 'cache');
  fs.mkdirSync(cache, { recursive: true });
  fs.copyFileSync(bundle, path.join(cache, path.basename(bundle)));
}

/** The environment of a child command: the suite's server, none of the parent's assetflow settings unless given. */
export function cliEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('ASSETFLOW_') || key === 'ASSETFLOW_TEST_BUNDLE') env[key] = value;
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}
