import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..');

/** Peak resident set size of a live process (VmHWM), in bytes. */
export function peakRssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** Runs a TypeScript script with tsx in a fresh node process and returns its last stdout line parsed as JSON. */
export async function runScriptForJson<T>(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const { code, stdout, stderr } = await collect(child);
  if (code !== 0) throw new Error(`${path.basename(script)} exited with ${code}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
  const last = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}

export function collect(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface WorkerProcess {
  pid: number;
  /** Peak RSS so far (VmHWM), bytes. */
  peakRss(): number;
  /** SIGTERM, then wait for exit. */
  stop(): Promise<void>;
}

/**
 * `assetflow worker` for a Definitions module in its own process (the real CLI), polling
 * `taskQueue`; resolves once it polls.
 */
export async function startWorkerProcess(options: { defs: string; address: string; taskQueue: string; storage: string; env?: NodeJS.ProcessEnv }): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'assetflow.js'), 'worker', '--defs', options.defs], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: options.address,
      ASSETFLOW_TASK_QUEUE: options.taskQueue,
      ASSETFLOW_STORAGE: options.storage,
      ASSETFLOW_LOG_LEVEL: process.env.ASSETFLOW_LOG_LEVEL ?? 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('Worker polling')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    void exited.then((code) => reject(new Error(`the worker exited with ${code} before polling: ${output.trim().slice(-500)}`)));
  });
  return {
    pid: child.pid!,
    peakRss: () => peakRssOf(child.pid!),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
