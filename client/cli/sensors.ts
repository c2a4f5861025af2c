/** `assetflow sensors list|pause|resume|trigger|reset|status`: deployed sensors. */
import { WorkflowNotFoundError } from '@temporalio/client';
import Table from 'cli-table3';
import type { Command } from 'commander';
import pc, { tableStyle } from './colors';
import { isSensorState, lookupSensor, sensorHandle, sensorTarget } from '../sensors';
import { definitionsFrom, defsOption } from './options';
import { formatSensorState } from './sensor-state';
import { withClient } from './target';

/** Adds `sensors` and its subcommands (`assetflow deploy` deploys sensors with schedules: see deploy.ts). */
export function addSensorCommands(program: Command): void {
  const sensors = program.command('sensors').description('List and control deployed sensors (pause, resume, trigger, reset, status)');
  sensors
    .command('list')
    .description('Sensors in the Definitions with their deployed status and cursor')
    .addOption(defsOption())
    .action(async (options: { defs?: string }) => {
      const definitions = definitionsFrom(options);
      await withClient(async (client) => {
        const table = new Table({ head: ['sensor', 'type', 'target', 'status', 'cursor', 'last evaluation'], style: tableStyle() });
        for (const sensor of definitions.sensors.values()) {
          const found = await lookupSensor(client, sensor.name);
          const state = isSensorState(found) ? found : typeof found === 'string' ? found : 'no worker answering';
          const last = typeof state === 'string' ? undefined : state.lastEvaluation;
          table.push([
            sensor.name,
            sensor.type === 'asset' ? `asset (${sensor.assetKeys.join(', ')})` : `every ${sensor.minimumIntervalSeconds} s`,
            sensorTarget(sensor),
            typeof state === 'string' ? pc.dim(state) : state.consecutiveFailures > 0 ? pc.red(`${state.status}, failing`) : state.status,
            typeof state === 'string' ? '' : (state.cursor ?? ''),
            last ? `${last.startedAt} ${last.status}` : '',
          ]);
        }
        console.log(definitions.sensors.size ? table.toString() : 'No sensors in these Definitions.');
      });
    });

  const control = (command: string, description: string, act: (handle: ReturnType<typeof sensorHandle>) => Promise<void>, done: string) =>
    sensors
      .command(`${command} <name>`)
      .description(description)
      .action(async (name: string) => {
        await withClient(async (client) => {
          try {
            await act(sensorHandle(client, name));
          } catch (err) {
            if (err instanceof WorkflowNotFoundError) throw new Error(`Sensor '${name}' is not deployed: run \`assetflow deploy\` (or \`assetflow dev\`).`);
            throw err;
          }
          console.log(`${done} ${name}.`);
        });
      });
  control('pause', 'Stop evaluating until resumed', (s) => s.pause(), 'Paused');
  control('resume', 'Resume evaluating (evaluates at once)', (s) => s.resume(), 'Resumed');
  control('trigger', 'Evaluate now (even while paused)', (s) => s.trigger(), 'Triggered');
  control('reset', 'Forget the cursor: the next evaluation starts from the beginning (run keys still dedupe)', (s) => s.resetCursor(), 'Reset the cursor of');

  sensors
    .command('status <name>')
    .description('Status, cursor, last evaluation and recent runs of a deployed sensor')
    .action(async (name: string) => {
      await withClient(async (client) => {
        const state = await lookupSensor(client, name);
        if (state === 'not deployed') throw new Error(`Sensor '${name}' is not deployed: run \`assetflow deploy\` (or \`assetflow dev\`).`);
        if (!isSensorState(state)) throw new Error(`Sensor '${name}' is deployed but no worker answered its query: start one for its Definitions (\`assetflow worker\` or \`assetflow dev\`); its task queue is '${state.noWorkerOn}'.`);
        console.log(formatSensorState(state));
      });
    });
}
