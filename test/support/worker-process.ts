import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'worker-process.ts');

export interface WorkerProcess {
  pid: number;
  /** Everything the process wrote (stdout and stderr), so far. */
  output(): string;
  /** SIGKILL the worker's whole process group; resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGSTOP the worker's process group: a hung worker (no thread of it runs, no heartbeat goes out). */
  pause(): void;
  /** SIGCONT: the paused worker goes on where it stopped. */
  resume(): void;
}

export interface WorkerProcessOptions {
  address: string;
  taskQueue: string;
  storageRoot: string;
  /** Absolute path of a fixture module exporting `definitionsFromEnv(env)`. */
  definitionsModule: string;
  env?: Record<string, string>;
}

/** Starts test/fixtures/worker-process.ts in its own process group and waits until it polls. */
export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: options.address,
      ASSETFLOW_TASK_QUEUE: options.taskQueue,
      ASSETFLOW_STORAGE: options.storageRoot,
      ASSETFLOW_FIXTURE_DEFINITIONS: options.definitionsModule,
      ASSETFLOW_LOG_FORMAT: 'json',
      ...options.env,
    },
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      output += `${line}\n`;
      if (line.startsWith('{"ready":true')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker process exited with ${code} before it was ready:\n${output}`)));
  });
  return {
    pid: child.pid!,
    output: () => output,
    kill: () => killGroup(child, exited),
    pause: () => process.kill(-child.pid!, 'SIGSTOP'),
    resume: () => process.kill(-child.pid!, 'SIGCONT'),
  };
}

async function killGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
  await exited;
}
