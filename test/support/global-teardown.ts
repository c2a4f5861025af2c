import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __assetflowServer?: { stop(): Promise<void>; dir: string } }).__assetflowServer;
  if (!server) return;
  await server.stop();
  fs.rmSync(server.dir, { recursive: true, force: true });
}
