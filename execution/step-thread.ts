/**
 * The entry of a step thread (a piscina worker): loads the user's Definitions module by path
 * once per thread, builds resources there, and runs each step task it is given. Its log lines
 * go to the activity's logger through the task's port.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { loadDefinitions } from '../client/load-definitions';
import type { Definitions } from '../planning/definitions';
import { redactError } from '../assets/redaction';
import { lineLogger, type Logger } from './logger';
import { runStep } from './run-step';
import { errorShape, type StepReply, type StepTask } from './step-task';

/** What a step thread is started with. */
export interface StepThreadData {
  definitionsModule: string;
}

let definitions: Definitions | undefined;

/** Runs one step task in this thread (piscina calls it). */
export default async function stepThread(task: StepTask): Promise<StepReply> {
  const port = task.logs!;
  try {
    definitions ??= loadDefinitions((workerData as StepThreadData).definitionsModule);
    return await runStep(definitions, task, portLogger(port));
  } catch (err) {
    return { ok: false, error: errorShape(redactError(err)), cancelled: false };
  } finally {
    // The last message: the activity waits for it, so no line of this step is lost.
    port.postMessage(null);
    port.close();
  }
}

/**
 * A logger writing its JSON lines to the port, for the activity to log with step and attempt;
 * scrubbed in this thread, which alone knows the secrets and resources its steps built.
 */
function portLogger(port: MessagePort): Logger {
  return lineLogger((line) => port.postMessage(line));
}
