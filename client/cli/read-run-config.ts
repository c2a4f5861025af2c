import fs from 'node:fs';

/** `--config '{"ops":...}'` or `--config path/to/config.json`. */
export function readRunConfig(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  const text = value.trim().startsWith('{') ? value : readFile(value);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`--config is not valid JSON (${(err as Error).message}). Pass a JSON object or the path of a .json file.`);
  }
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`--config: cannot read '${file}'. Pass a JSON object ('{"ops": {...}}') or the path of a .json file.`);
  }
}
