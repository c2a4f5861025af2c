import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { STALE_TEMP_FILE_MS, writeAtomically } from './atomic-file';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-file-'));
  dirs.push(dir);
  return dir;
}
const tempFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.includes('.tmp-'));

test('a retry removes the temp file a crashed attempt of the same writer left', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'out.txt');
  const otherWriter = `.out.txt.tmp-${'0'.repeat(16)}-1234abcd`;
  fs.writeFileSync(path.join(dir, otherWriter), 'another run, mid-write');
  // The killed attempt: it wrote half a temp file and never got further (as if its process died).
  let halfWritten!: () => void;
  const killedMidWrite = new Promise<void>((resolve) => (halfWritten = resolve));
  void writeAtomically(target, async (temp) => {
    fs.writeFileSync(temp, 'half');
    halfWritten();
    await new Promise(() => {});
  }, 'run-1/step');
  await killedMidWrite;
  expect(tempFiles(dir)).toHaveLength(2);
  await writeAtomically(target, async (temp) => fs.writeFileSync(temp, 'complete'), 'run-1/step');
  expect(fs.readFileSync(target, 'utf8')).toBe('complete');
  // Temp files of other writers (other runs writing the same target right now) are not touched.
  expect(tempFiles(dir)).toEqual([otherWriter]);
});

test('a stale attempt still writing when its retry publishes cannot corrupt the published file', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'out.txt');
  let resumeStale!: () => void;
  let staleWaiting!: () => void;
  const staleIsWaiting = new Promise<void>((resolve) => (staleWaiting = resolve));
  // Attempt 1 (e.g. on a worker whose event loop hung past its heartbeat timeout) is mid-write...
  const stale = writeAtomically(
    target,
    async (temp) => {
      const file = await fs.promises.open(temp, 'w');
      await file.write('AAAA');
      staleWaiting();
      await new Promise<void>((resolve) => (resumeStale = resolve));
      await file.write('BBBB');
      await file.close();
    },
    'run-1/step',
  );
  await staleIsWaiting;
  // ...while attempt 2 of the same step writes and publishes the complete output.
  await writeAtomically(target, async (temp) => fs.writeFileSync(temp, 'complete output'), 'run-1/step');
  resumeStale();
  await stale.catch(() => {});
  expect(['complete output', 'AAAABBBB']).toContain(fs.readFileSync(target, 'utf8'));
  expect(tempFiles(dir)).toEqual([]);
});

/** Runs storage/fixtures/half-write.ts for `target` and SIGKILLs it once its temp file is half written. */
async function killedMidWrite(target: string, writerId: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'half-write.ts'), target, writerId], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('half-written') && resolve());
    child.once('exit', (code) => reject(new Error(`half-write exited with ${code} before writing`)));
  });
  child.kill('SIGKILL');
  await exited;
}

test("a killed writer's temp file (its last attempt) is removed by the next write of that file, whoever writes it", async () => {
  const dir = tempDir();
  const target = path.join(dir, 'out.txt');
  await killedMidWrite(target, 'run-1/step');
  expect(tempFiles(dir)).toHaveLength(1);
  // Another run (another writer) publishes the same output later: the dead writer's leftover goes.
  await writeAtomically(target, async (temp) => fs.writeFileSync(temp, 'complete'), 'run-2/step');
  expect(fs.readFileSync(target, 'utf8')).toBe('complete');
  expect(tempFiles(dir)).toEqual([]);
});

test("a live writer's temp file stays; a foreign one is removed only once it is old", async () => {
  const dir = tempDir();
  const target = path.join(dir, 'out.txt');
  // This process is alive and writing the same target as another writer.
  let started!: () => void;
  let finish!: () => void;
  const writing = new Promise<void>((resolve) => (started = resolve));
  const live = writeAtomically(target, async (temp) => {
    fs.writeFileSync(temp, 'live');
    started();
    await new Promise<void>((resolve) => (finish = resolve));
  }, 'run-live/step');
  await writing;
  // Temp files of another machine (or of an older assetflow): kept while fresh, removed once stale.
  const fresh = `.out.txt.tmp-${'1'.repeat(16)}-1234abcd`;
  const stale = `.out.txt.tmp-${'2'.repeat(16)}-1234abcd`;
  fs.writeFileSync(path.join(dir, fresh), 'elsewhere, mid-write');
  fs.writeFileSync(path.join(dir, stale), 'elsewhere, long dead');
  const old = new Date(Date.now() - STALE_TEMP_FILE_MS - 60_000);
  fs.utimesSync(path.join(dir, stale), old, old);
  await writeAtomically(target, async (temp) => fs.writeFileSync(temp, 'complete'), 'run-2/step');
  expect(tempFiles(dir).filter((f) => f !== fresh)).toEqual([expect.stringMatching(/^\.out\.txt\.tmp-/)]);
  expect(tempFiles(dir)).toContain(fresh);
  finish();
  await live;
  expect(tempFiles(dir)).toEqual([fresh]);
});

test('a temp file named after a live process (a reused process id) is removed once it is old', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'out.txt');
  let started!: () => void;
  let finish!: () => void;
  const writing = new Promise<void>((resolve) => (started = resolve));
  // A writer in this (live) process whose file is old: as if a restarted worker had been given the dead one's pid.
  const live = writeAtomically(target, async (temp) => {
    fs.writeFileSync(temp, 'left long ago');
    const old = new Date(Date.now() - STALE_TEMP_FILE_MS - 60_000);
    fs.utimesSync(temp, old, old);
    started();
    await new Promise<void>((resolve) => (finish = resolve));
  }, 'run-old/step');
  await writing;
  expect(tempFiles(dir)).toHaveLength(1);
  await writeAtomically(target, async (temp) => fs.writeFileSync(temp, 'complete'), 'run-2/step');
  expect(tempFiles(dir)).toEqual([]);
  finish();
  await expect(live).rejects.toMatchObject({ code: 'ENOENT' });
  expect(fs.readFileSync(target, 'utf8')).toBe('complete');
});
