import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeAtomically } from './atomic-file';

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
