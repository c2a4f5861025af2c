import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { collect } from './child-process';

export const VENV_DIR = path.join(__dirname, '.venv');
export const REQUIREMENTS = path.join(__dirname, 'dagster', 'requirements.txt');
const STAMP = path.join(VENV_DIR, 'assetflow-requirements.sha256');

export function venvPython(): string {
  return path.join(VENV_DIR, 'bin', 'python');
}

/**
 * The Dagster peer's virtual environment (bench/.venv, gitignored), created and filled with the
 * pinned bench/dagster/requirements.txt on first use, and again whenever that file changes.
 */
export async function ensureDagsterVenv(): Promise<string> {
  const wanted = createHash('sha256').update(fs.readFileSync(REQUIREMENTS)).digest('hex');
  if (fs.existsSync(venvPython()) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === wanted) return venvPython();
  process.stderr.write(`[bench] setting up the Dagster peer's Python environment in ${path.relative(process.cwd(), VENV_DIR)} (pinned dagster, pandas, pyarrow; first run only, takes a while)\n`);
  if (!fs.existsSync(venvPython())) await run('python3', ['-m', 'venv', VENV_DIR]);
  await run(venvPython(), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS]);
  fs.writeFileSync(STAMP, wanted);
  return venvPython();
}

async function run(command: string, args: string[]): Promise<void> {
  const { code, stderr } = await collect(spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  if (code !== 0) {
    const errors = stderr.split('\n').filter((line) => line.trim() && !line.startsWith('WARNING: Location')).slice(-10).join('\n');
    throw new Error(`${path.basename(command)} ${args.join(' ')} failed (exit ${code}):\n${errors}`);
  }
}
