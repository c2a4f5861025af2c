/**
 * `assetflow server start|status|stop` from different folders: the server is found by its port
 * (state under XDG_STATE_HOME), not by the folder that started it; its database is the one
 * asked for (ASSETFLOW_DEV_DB or --db). Headless, on a free port, with a temporary database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../temporal/dev-server';
import { cliEnv, runCli } from './support/cli-process';
import { tempStorage } from './support/temporal';

const base = tempStorage('dev-server-cli');
const folder = (name: string) => {
  const dir = path.join(base, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};
const env = cliEnv({ XDG_STATE_HOME: path.join(base, 'state'), TEMPORAL_ADDRESS: undefined });
let port: number;

afterAll(async () => {
  if (port) await runCli(['server', 'stop', '--port', String(port)], { cwd: base, env }); // in case a test failed midway
});

test('status and stop find the server from any folder; its database is the one asked for', async () => {
  port = await freePort();
  const db = path.join(base, 'db', 'temporal.db');
  const started = await runCli(['server', 'start', '--headless'], { cwd: folder('project'), env: { ...env, ASSETFLOW_DEV_PORT: String(port), ASSETFLOW_DEV_DB: db } });
  expect(started).toMatchObject({ status: 0, stderr: '' });
  expect(started.stdout).toBe(`Started Temporal dev server at 127.0.0.1:${port}; database ${db}\n`);
  expect(fs.existsSync(db)).toBe(true);
  expect(fs.existsSync(path.join(base, 'state', 'assetflow', 'dev-servers', `${port}.json`))).toBe(true);

  const status = await runCli(['server', 'status', '--port', String(port)], { cwd: folder('elsewhere'), env });
  expect(status.status).toBe(0);
  expect(status.stdout).toContain(`Temporal dev server at 127.0.0.1:${port}: running`);
  expect(status.stdout).toMatch(new RegExp(`database: +${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`));
  expect(status.stdout).toMatch(/Temporal Web: +\(headless\)/);

  // A second start from yet another folder reuses it, and says which database it has.
  const again = await runCli(['server', 'start', '--port', String(port)], { cwd: folder('third'), env });
  expect(again.stdout).toBe(`Already running: Temporal dev server at 127.0.0.1:${port}; database ${db}\n`);

  const stopped = await runCli(['server', 'stop'], { cwd: folder('fourth'), env: { ...env, ASSETFLOW_DEV_PORT: String(port) } });
  expect(stopped).toMatchObject({ status: 0, stdout: `Stopped the Temporal dev server on port ${port}.\n` });

  const after = await runCli(['server', 'status', '--port', String(port)], { cwd: base, env });
  expect(after).toMatchObject({ status: 1, stdout: `No Temporal server answers on 127.0.0.1:${port}.\n` });
  expect(fs.existsSync(path.join(base, 'state', 'assetflow', 'dev-servers', `${port}.json`))).toBe(false);

  const nothing = await runCli(['server', 'stop', '--port', String(port)], { cwd: base, env });
  expect(nothing.stdout).toBe(`No dev server started by assetflow is running on port ${port}.\n`);
});

test('--version prints the version in package.json', async () => {
  const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  expect(await runCli(['--version'], { cwd: base, env })).toMatchObject({ status: 0, stdout: `${version}\n` });
});

test('a bad port setting is refused, naming the variable', async () => {
  const result = await runCli(['server', 'status'], { cwd: base, env: { ...env, ASSETFLOW_DEV_PORT: 'seven' } });
  expect(result).toMatchObject({ status: 1, stderr: 'ASSETFLOW_DEV_PORT is "seven": expected a port number from 1 to 65535\n' });
});
