import type { Client } from '@temporalio/client';
import { SingleBar, Presets } from 'cli-progress';
import pc from './colors';
import type { BackfillProgress } from '../../contract/backfill';
import type { BackfillHandle } from '../backfills';

/**
 * Follows a backfill with a progress bar (finished / total, failures, runs in flight) until it
 * ends; resolves with its final counters. The progress query needs a worker; while none
 * answers, the bar waits.
 */
export async function watchBackfill(client: Client, backfill: BackfillHandle, pollMs = 500): Promise<BackfillProgress> {
  const bar = new SingleBar(
    { format: `${backfill.backfillId} {bar} {value}/{total} partitions | {succeeded} ok, {failed} failed, {running} running | execution {execution}`, hideCursor: true, clearOnComplete: false },
    Presets.shades_classic,
  );
  let started = false;
  const show = (p: BackfillProgress) => {
    const payload = { succeeded: p.succeeded, failed: p.failed, running: p.running, execution: p.execution };
    if (!started) {
      bar.start(p.total, p.finished, payload);
      started = true;
    } else {
      bar.setTotal(p.total);
      bar.update(p.finished, payload);
    }
  };
  try {
    for (;;) {
      const description = await client.workflow.getHandle(backfill.workflowId).describe();
      if (description.status.name !== 'RUNNING' && description.status.name !== 'CONTINUED_AS_NEW') {
        const final = await backfill.result();
        show(final);
        return final;
      }
      try {
        show(await backfill.progress());
      } catch {
        // No worker has answered yet (or the chain is between executions): keep polling.
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  } finally {
    if (started) bar.stop();
  }
}

/** One line for a finished backfill, with its first failures. */
export function backfillSummary(p: BackfillProgress): string {
  const status = p.status === 'success' ? pc.green(p.status) : pc.red(p.status);
  const lines = [`backfill ${p.backfillId}: ${status}: ${p.succeeded} succeeded, ${p.failed} failed, ${p.alreadyRun} already run, of ${p.total} (${p.execution} execution${p.execution === 1 ? '' : 's'})`];
  for (const f of p.failures.slice(0, 10)) lines.push(`  ${pc.red('✗')} ${f.partitionKey}: ${f.error}`);
  return lines.join('\n');
}
