import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What assetflow remembers about a dev server it started in the background, by port. */
export interface DevServerState {
  pid: number;
  port: number;
  uiPort?: number;
  dbFile: string;
  logFile: string;
  /** ISO time it started. */
  startedAt: string;
  /** The folder the command that started it ran in. */
  cwd: string;
}

/**
 * Where the state of background dev servers is kept: one file per port under
 * `$XDG_STATE_HOME/assetflow/dev-servers/` (default `~/.local/state/assetflow/dev-servers/`),
 * so `assetflow server status|stop` find a server from any folder.
 */
export function devServerStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
  return path.join(base, 'assetflow', 'dev-servers');
}

export function devServerStateFile(port: number, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(devServerStateDir(env), `${port}.json`);
}

export function readDevServerState(port: number): DevServerState | undefined {
  try {
    const state = JSON.parse(fs.readFileSync(devServerStateFile(port), 'utf8')) as DevServerState;
    return state.port === port && Number.isInteger(state.pid) ? state : undefined;
  } catch {
    return undefined;
  }
}

export function writeDevServerState(state: DevServerState): void {
  const file = devServerStateFile(state.port);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(temp, file);
}

export function removeDevServerState(port: number): void {
  fs.rmSync(devServerStateFile(port), { force: true });
}

/**
 * Whether `pid` is alive and still the Temporal dev server of `port` (a pid the system reused
 * for something else is never signalled). Where /proc is missing (macOS), alive is enough.
 */
export function isDevServerProcess(pid: number, port: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false; // gone (ESRCH), or another user's (EPERM): not ours to stop
  }
  const cmdline = `/proc/${pid}/cmdline`;
  if (!fs.existsSync('/proc/self/cmdline')) return true;
  try {
    const args = fs.readFileSync(cmdline, 'utf8').split('\0');
    return args.includes('start-dev') && args.includes(String(port));
  } catch {
    return false;
  }
}
