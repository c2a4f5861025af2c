/**
 * Records the histories replayed in CI: `npx tsx test/histories/record.ts [scenario ...]`.
 *
 * Starts a private, headless Temporal dev server (free port, temporary database), runs each
 * scenario of scenarios.ts with real workers, and exports the histories of its runs to
 * test/histories/<scenario>.json (several runs, e.g. across continue-as-new:
 * <scenario>-1.json, -2.json, ... oldest first). Re-record only on purpose: a history that
 * stops replaying is what the replay test exists to catch.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { ensureDevServer, freePort } from '../../temporal/dev-server';
import { fetchHistories, writeHistories, type ExportedHistory } from '../../client/export-histories';
import { workflowBundlePath } from '../../temporal/workflow-bundle';
import { scenarios, type RecordedWorkflow, type Scenario } from './scenarios';

const OUT_DIR = __dirname;

async function main(names: string[]) {
  const unknown = names.filter((n) => !scenarios.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${scenarios.map((s) => s.name).join(', ')}`);
  const chosen = names.length ? scenarios.filter((s) => names.includes(s.name)) : scenarios;
  process.env.ASSETFLOW_LOG_LEVEL ??= 'warn';
  process.env.ASSETFLOW_TEMPORAL_LOG_LEVEL ??= 'ERROR';

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assetflow-record-'));
  const server = await ensureDevServer({ port: await freePort(), headless: true, dbFile: path.join(dir, 'temporal.db'), startTimeoutMs: 90_000 });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: server.namespace });
  try {
    const bundle = await workflowBundlePath();
    for (const scenario of chosen) {
      const storageRoot = path.join(dir, scenario.name);
      const recorded = await scenario.record({ client, target: { address: server.address, namespace: server.namespace }, taskQueue: `record-${randomUUID()}`, storageRoot, workflowBundlePath: bundle });
      const histories = await closedRuns(client, scenario, recorded);
      for (const old of fs.readdirSync(OUT_DIR).filter((f) => f === `${scenario.name}.json` || new RegExp(`^${scenario.name}-\\d+\\.json$`).test(f))) {
        fs.rmSync(path.join(OUT_DIR, old));
      }
      const files = writeHistories(OUT_DIR, histories, (h) => (histories.length === 1 ? scenario.name : `${scenario.name}-${histories.indexOf(h) + 1}`));
      console.log(`${scenario.name}: ${scenario.description}\n  → ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
    }
  } finally {
    await connection.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every closed run of the workflows, oldest first, once visibility shows as many as expected. */
async function closedRuns(client: Client, scenario: Scenario, recorded: RecordedWorkflow[]): Promise<ExportedHistory[]> {
  const expected = recorded.map((r) => (typeof r === 'string' ? { workflowId: r, runs: 1 } : r));
  for (let tries = 0; ; tries++) {
    const histories = await fetchHistories(client, { workflowIds: expected.map((e) => e.workflowId) });
    const complete = expected.every((e) => histories.filter((h) => h.workflowId === e.workflowId).length >= e.runs);
    if (complete) return histories.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
    if (tries >= 50) throw new Error(`${scenario.name}: visibility does not show the closed runs of ${expected.map((e) => `${e.workflowId} (${e.runs})`).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
