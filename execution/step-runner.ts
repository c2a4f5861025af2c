import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import pino from 'pino';
import type { Definitions } from '../planning/definitions';
import type { Logger } from './logger';
import { runStep } from './run-step';
import type { StepReply, StepTask } from './step-task';
import type { StepThreadData } from './step-thread';

/** Where a worker runs its steps: a pool of step threads, or its own thread. */
export interface StepRunner {
  /**
   * Runs a step task; `terminate` aborted means stop it now (a thread is destroyed). Resolves
   * with the step's reply, or `'terminated'` when it was stopped before it replied.
   */
  run(task: Omit<StepTask, 'logs'>, log: Logger, terminate: AbortSignal): Promise<StepReply | 'terminated'>;
  /** Stops the threads (once the worker stopped). */
  close(): Promise<void>;
}

export interface StepThreadOptions {
  /** Threads at most (one step each at a time): the worker's activity slots. */
  maxThreads: number;
  /**
   * A thread idle this long is ended, which returns its native (polars) memory to the system.
   * Default 2000.
   */
  idleTimeoutMs?: number;
}

/**
 * A piscina pool whose threads load the Definitions module at `definitionsModule` (by path, as
 * `assetflow worker --defs` does) and run one step at a time each. From the sources (tsx, jest)
 * the threads load TypeScript through tsx's CommonJS hook.
 */
export function threadStepRunner(definitionsModule: string, options: StepThreadOptions): StepRunner {
  const extension = path.extname(__filename);
  const typescript = /^\.[cm]?tsx?$/.test(extension);
  const workerData: StepThreadData = { definitionsModule };
  const pool = new Piscina({
    filename: path.join(__dirname, `step-thread${extension}`),
    workerData,
    minThreads: 0,
    maxThreads: Math.max(1, options.maxThreads),
    idleTimeout: options.idleTimeoutMs ?? 2000,
    concurrentTasksPerWorker: 1,
    // The thread's event loop stays free between steps (a compute's stray timers, pool sockets).
    atomics: 'disabled',
    execArgv: typescript ? ['--require', require.resolve('tsx/cjs')] : [],
  });
  return {
    async run(task, log, terminate) {
      const { port1, port2 } = new MessageChannel();
      const ended = new Promise<void>((resolve) => {
        port1.on('message', (line: string | null) => (line === null ? resolve() : relayLogLine(log, line)));
        port1.once('close', () => resolve());
      });
      try {
        const reply = (await pool.run({ ...task, logs: port2 }, { transferList: [port2], signal: terminate })) as StepReply;
        // The thread's last log lines may trail its reply: wait for its end marker (briefly).
        await Promise.race([ended, sleep(1000)]);
        return reply;
      } catch (err) {
        if (terminate.aborted) return 'terminated';
        throw err; // the thread itself died (out of memory, process.exit in a compute)
      } finally {
        port1.close();
      }
    },
    close: () => pool.destroy(),
  };
}

/**
 * Runs steps on the worker's own thread, against the worker's Definitions: for Definitions
 * built where no module exports them (a test that defines assets inline). A blocking compute
 * then blocks the worker's heartbeats, and a compute that ignores its signal cannot be
 * terminated (its output is still fenced off).
 */
export function mainThreadStepRunner(definitions: Definitions): StepRunner {
  return {
    async run(task, log, terminate) {
      const stopped = new Promise<'terminated'>((resolve) => terminate.addEventListener('abort', () => resolve('terminated'), { once: true }));
      return Promise.race([runStep(definitions, task, log), stopped]);
    },
    close: async () => {},
  };
}

/** A thread's pino JSON line, logged again by the activity's logger (which adds run, step and attempt). */
function relayLogLine(log: Logger, line: string): void {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    log.info(line.trim());
    return;
  }
  const { level, msg, time: _time, ...fields } = entry;
  // pino serialized an error as { type, message, stack }: an Error again, so the worker's log shows it as its own errors.
  const err = fields.err as { type?: unknown; message?: unknown; stack?: unknown } | undefined;
  if (err && typeof err === 'object' && typeof err.message === 'string') {
    fields.err = Object.assign(new Error(err.message), { name: typeof err.type === 'string' ? err.type : 'Error', ...(typeof err.stack === 'string' ? { stack: err.stack } : {}) });
  }
  const label = (typeof level === 'number' && pino.levels.labels[level]) || 'info';
  const write = (log as unknown as Record<string, (obj: object, msg?: string) => void>)[label];
  if (typeof write === 'function') write.call(log, fields, typeof msg === 'string' ? msg : undefined);
}
