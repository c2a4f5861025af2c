import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { ASSETFLOW_SEARCH_ATTRIBUTES } from '../contract/search-attributes';
import { SettingError } from '../errors/setting-error';
import { temporalCliPath } from './binaries';
import { isDevServerProcess, readDevServerState, removeDevServerState, writeDevServerState } from './dev-server-state';

export interface DevServerOptions {
  /** gRPC port. Default ASSETFLOW_DEV_PORT or 7233. */
  port?: number;
  /** Web UI port. Default ASSETFLOW_UI_PORT or the gRPC port + 1000 (8233). */
  uiPort?: number;
  /** No Web UI (tests). */
  headless?: boolean;
  /** SQLite file; the server's state survives restarts. Default ASSETFLOW_DEV_DB or `.assetflow/temporal.db`. */
  dbFile?: string;
  /**
   * Keep running after this process exits (reused by the next command; `assetflow server stop`
   * stops it from any folder). Default false.
   */
  detached?: boolean;
  /** Extra `temporal server start-dev` arguments (e.g. dynamic config). */
  extraArgs?: string[];
  /** Where the server's log goes. Default beside the db file. */
  logFile?: string;
  /** How long to wait for the server to answer. Default 60 s. */
  startTimeoutMs?: number;
}

export interface DevServer {
  address: string;
  namespace: string;
  /** Base URL of the Web UI, when it has one. */
  uiUrl?: string;
  /** True when this call started the server (false when an existing one was reused). */
  started: boolean;
  pid?: number;
  /** The server's database, when assetflow knows it (it started the server, or recorded it). */
  dbFile?: string;
  /** Stops the server if this call started it and it is not detached. */
  stop(): Promise<void>;
}

/** The dev server's gRPC port: ASSETFLOW_DEV_PORT, or 7233. */
export function devServerPort(env: NodeJS.ProcessEnv = process.env): number {
  return portSetting('ASSETFLOW_DEV_PORT', env.ASSETFLOW_DEV_PORT) ?? 7233;
}

/** The dev server's database file: ASSETFLOW_DEV_DB, or `.assetflow/temporal.db` in the current folder. */
export function devServerDbFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.ASSETFLOW_DEV_DB || path.join('.assetflow', 'temporal.db'));
}

function portSetting(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SettingError(name, value, 'a port number from 1 to 65535');
  return port;
}

/**
 * Starts the Temporal CLI dev server (SQLite persistence, Web UI, assetflow's search attributes
 * registered), or reuses one already answering on the port. A detached server is recorded by
 * port (see dev-server-state.ts), so any folder finds it again.
 *
 * @example
 * ```ts
 * const server = await ensureDevServer({ detached: true });
 * console.log(`Temporal Web: ${server.uiUrl}`);
 * ```
 */
export async function ensureDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const port = options.port ?? devServerPort();
  const uiPort = options.uiPort ?? portSetting('ASSETFLOW_UI_PORT', process.env.ASSETFLOW_UI_PORT) ?? port + 1000;
  const address = `127.0.0.1:${port}`;
  const dbFile = options.dbFile ? path.resolve(options.dbFile) : devServerDbFile();

  if (await isListening(port)) {
    if (!(await answersAsTemporal(address, 5000))) {
      throw new Error(`Port ${port} is taken by something that is not a Temporal server. Stop it, or set ASSETFLOW_DEV_PORT (or TEMPORAL_ADDRESS for an existing server).`);
    }
    await registerSearchAttributes(address, 'default');
    const recorded = readDevServerState(port);
    const state = recorded && isDevServerProcess(recorded.pid, port) ? recorded : undefined;
    const knownUi = state ? state.uiPort : uiPort;
    return {
      address,
      namespace: 'default',
      uiUrl: knownUi ? `http://localhost:${knownUi}` : undefined,
      started: false,
      ...(state ? { pid: state.pid, dbFile: state.dbFile } : {}),
      stop: async () => {},
    };
  }

  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--db-filename', dbFile,
    '--namespace', 'default',
    '--log-level', 'warn',
    '--http-port', String(await freePort()),
    '--metrics-port', String(await freePort()),
    ...searchAttributeArgs(),
    ...(options.headless ? ['--headless'] : ['--ui-port', String(uiPort), '--ui-disable-news-fetch']),
    ...(options.extraArgs ?? []),
  ];
  const logFile = options.logFile ?? path.join(path.dirname(dbFile), 'temporal-dev-server.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(temporalCliPath(), args, { detached: options.detached ?? false, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await Promise.race([waitUntilAnswering(address, options.startTimeoutMs ?? 60_000), exited.then(() => false)]);
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`The Temporal dev server did not start on ${address}; see ${logFile}.`);
  }
  if (options.detached) {
    child.unref();
    writeDevServerState({ pid: child.pid!, port, ...(options.headless ? {} : { uiPort }), dbFile, logFile, startedAt: new Date().toISOString(), cwd: process.cwd() });
  }
  return {
    address,
    namespace: 'default',
    uiUrl: options.headless ? undefined : `http://localhost:${uiPort}`,
    started: true,
    pid: child.pid,
    dbFile,
    stop: options.detached ? async () => {} : () => stopChild(child, exited),
  };
}

/** What `assetflow server status` reports about the dev server of a port. */
export interface DevServerStatus {
  port: number;
  address: string;
  /** Something answers on the port as a Temporal server. */
  running: boolean;
  /** assetflow started it in the background (its state file is there and its process alive): `stopDevServer` can stop it. */
  managed: boolean;
  pid?: number;
  dbFile?: string;
  logFile?: string;
  uiUrl?: string;
  startedAt?: string;
}

/**
 * The dev server on `port` (default ASSETFLOW_DEV_PORT or 7233): whether it answers, and what
 * assetflow recorded when it started it. The same from any folder.
 *
 * @example
 * ```ts
 * const status = await devServerStatus();
 * if (status.running) console.log(`Temporal at ${status.address}, database ${status.dbFile}`);
 * ```
 */
export async function devServerStatus(options: { port?: number } = {}): Promise<DevServerStatus> {
  const port = options.port ?? devServerPort();
  const address = `127.0.0.1:${port}`;
  const running = (await isListening(port)) && (await answersAsTemporal(address, 5000));
  const recorded = readDevServerState(port);
  const state = recorded && isDevServerProcess(recorded.pid, port) ? recorded : undefined;
  if (recorded && !state) removeDevServerState(port); // left by a server that is gone
  return {
    port,
    address,
    running,
    managed: state !== undefined,
    ...(state
      ? { pid: state.pid, dbFile: state.dbFile, logFile: state.logFile, startedAt: state.startedAt, ...(state.uiPort ? { uiUrl: `http://localhost:${state.uiPort}` } : {}) }
      : {}),
  };
}

/**
 * Stops the dev server that `ensureDevServer({ detached: true })` started on `port` (default
 * ASSETFLOW_DEV_PORT or 7233), from any folder. Resolves false when assetflow started none
 * there (a server someone else started is left alone).
 *
 * @example
 * ```ts
 * await stopDevServer();                  // the one on ASSETFLOW_DEV_PORT or 7233
 * await stopDevServer({ port: 7244 });
 * ```
 */
export async function stopDevServer(options: { port?: number } = {}): Promise<boolean> {
  const port = options.port ?? devServerPort();
  const state = readDevServerState(port);
  if (!state) return false;
  if (!isDevServerProcess(state.pid, port)) {
    removeDevServerState(port);
    return false;
  }
  try {
    process.kill(state.pid, 'SIGTERM');
  } catch {
    removeDevServerState(port);
    return false;
  }
  for (let i = 0; i < 100 && (await isListening(port)); i++) await sleep(100);
  for (let i = 0; i < 50 && isDevServerProcess(state.pid, port); i++) await sleep(100);
  removeDevServerState(port);
  return true;
}

function searchAttributeArgs(): string[] {
  return ASSETFLOW_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${cliType(key.type)}`]);
}

function cliType(type: SearchAttributeType): string {
  const names: Partial<Record<SearchAttributeType, string>> = {
    [SearchAttributeType.KEYWORD]: 'Keyword',
    [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
    [SearchAttributeType.TEXT]: 'Text',
    [SearchAttributeType.INT]: 'Int',
    [SearchAttributeType.DOUBLE]: 'Double',
    [SearchAttributeType.BOOL]: 'Bool',
    [SearchAttributeType.DATETIME]: 'Datetime',
  };
  return names[type] ?? 'Keyword';
}

/** Registers assetflow's search attributes on a server (idempotent). */
export async function registerSearchAttributes(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const known = new Set(Object.keys(existing.customAttributes ?? {}));
    const missing = ASSETFLOW_SEARCH_ATTRIBUTES.filter((k) => !known.has(k.name));
    if (missing.length === 0) return;
    const protoTypes: Record<string, number> = { KEYWORD: 2, KEYWORD_LIST: 7, TEXT: 1, INT: 3, DOUBLE: 4, BOOL: 5, DATETIME: 6 };
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((k) => [k.name, protoTypes[k.type]])),
    });
  } finally {
    await connection.close();
  }
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timeout = sleep(10_000).then(() => 'timeout');
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * The Web UI of the background dev server assetflow started on `port` (default
 * ASSETFLOW_DEV_PORT or 7233), as its state file records it: neither starts nor asks a server
 * (commands that only read the catalog print run links with it).
 */
export function recordedDevServerUiUrl(port = devServerPort()): string | undefined {
  const recorded = readDevServerState(port);
  return recorded?.uiPort && isDevServerProcess(recorded.pid, port) ? `http://localhost:${recorded.uiPort}` : undefined;
}

async function waitUntilAnswering(address: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await answersAsTemporal(address, 2000)) return true;
    await sleep(200);
  }
  return false;
}

async function answersAsTemporal(address: string, timeoutMs: number): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    await connection.workflowService.getSystemInfo({});
    await connection.workflowService.describeNamespace({ namespace: 'default' });
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => {});
  }
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A TCP port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
