import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { ASSETFLOW_SEARCH_ATTRIBUTES } from '../contract/search-attributes';
import { temporalCliPath } from './binaries';

export interface DevServerOptions {
  /** gRPC port. Default ASSETFLOW_DEV_PORT or 7233. */
  port?: number;
  /** Web UI port. Default ASSETFLOW_UI_PORT or 8233. */
  uiPort?: number;
  /** No Web UI (tests). */
  headless?: boolean;
  /** SQLite file; the server's state survives restarts. Default `.assetflow/temporal.db`. */
  dbFile?: string;
  /** Keep running after this process exits (reused by the next command). Default false. */
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
  /** Stops the server if this call started it and it is not detached. */
  stop(): Promise<void>;
}

const STATE_FILE = 'temporal-dev-server.json';

interface ServerState {
  pid: number;
  port: number;
  uiPort?: number;
  dbFile: string;
}

/**
 * Starts the Temporal CLI dev server (SQLite persistence, Web UI, assetflow's search attributes
 * registered), or reuses one already answering on the port.
 *
 * @example
 * ```ts
 * const server = await ensureDevServer({ detached: true });
 * console.log(`Temporal Web: ${server.uiUrl}`);
 * ```
 */
export async function ensureDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const port = options.port ?? Number(process.env.ASSETFLOW_DEV_PORT ?? 7233);
  const uiPort = options.uiPort ?? Number(process.env.ASSETFLOW_UI_PORT ?? port + 1000);
  const address = `127.0.0.1:${port}`;
  const dbFile = path.resolve(options.dbFile ?? path.join('.assetflow', 'temporal.db'));
  const stateFile = path.join(path.dirname(dbFile), STATE_FILE);

  if (await isListening(port)) {
    if (!(await answersAsTemporal(address, 5000))) {
      throw new Error(`Port ${port} is taken by something that is not a Temporal server. Stop it, or set ASSETFLOW_DEV_PORT (or TEMPORAL_ADDRESS for an existing server).`);
    }
    await registerSearchAttributes(address, 'default');
    const state = readState(stateFile);
    const knownUi = state?.port === port ? state.uiPort : uiPort;
    return { address, namespace: 'default', uiUrl: knownUi ? `http://localhost:${knownUi}` : undefined, started: false, stop: async () => {} };
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
    fs.writeFileSync(stateFile, JSON.stringify({ pid: child.pid!, port, uiPort: options.headless ? undefined : uiPort, dbFile } satisfies ServerState));
  }
  return {
    address,
    namespace: 'default',
    uiUrl: options.headless ? undefined : `http://localhost:${uiPort}`,
    started: true,
    pid: child.pid,
    stop: options.detached ? async () => {} : () => stopChild(child, exited),
  };
}

/** Stops a detached dev server started by `ensureDevServer({ detached: true })` for this db file. */
export async function stopDevServer(dbFile = path.join('.assetflow', 'temporal.db')): Promise<boolean> {
  const stateFile = path.join(path.dirname(path.resolve(dbFile)), STATE_FILE);
  const state = readState(stateFile);
  fs.rmSync(stateFile, { force: true });
  if (!state) return false;
  try {
    process.kill(state.pid, 'SIGTERM');
  } catch {
    return false;
  }
  for (let i = 0; i < 100 && (await isListening(state.port)); i++) await sleep(100);
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
 * The Web UI of the detached dev server started for `dbFile`, as its state file records it:
 * neither starts nor asks a server (commands that only read the catalog print run links with it).
 */
export function recordedDevServerUiUrl(dbFile = path.join('.assetflow', 'temporal.db')): string | undefined {
  const uiPort = readState(path.join(path.dirname(path.resolve(dbFile)), STATE_FILE))?.uiPort;
  return uiPort ? `http://localhost:${uiPort}` : undefined;
}

function readState(file: string): ServerState | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ServerState;
  } catch {
    return undefined;
  }
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
