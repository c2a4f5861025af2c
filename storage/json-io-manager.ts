import fs from 'node:fs/promises';
import { writeAtomically } from './atomic-file';
import { CorruptInputError, MissingInputError, UnsupportedOutputError, type InputContext, type IOManager, type OutputContext, type StoredOutput } from './io-manager';
import { defaultStorageRoot, fileStorageProblems, outputPath } from './storage-path';
import { describeType, findNonJson } from './values';

export interface JsonIOManagerOptions {
  root?: string;
  key?: string;
}

export const JSON_VALUES = 'plain JSON values (objects, arrays, strings, finite numbers, booleans, null)';

/**
 * Stores plain JSON values as `.json` files (atomically, like the Parquet manager).
 *
 * @example
 * ```ts
 * new Definitions({ assets, ioManagers: { json: jsonIOManager({ root: '/data/json' }) } });
 * ```
 */
export function jsonIOManager(options: JsonIOManagerOptions = {}): IOManager & { pathFor(ref: InputContext['upstream']): string } {
  const key = options.key ?? 'json';
  const pathFor = (ref: InputContext['upstream']) => outputPath(options.root ?? defaultStorageRoot(), ref, 'json');
  return {
    pathFor,
    checkAssets: fileStorageProblems,
    async handleOutput(context: OutputContext, value: unknown): Promise<StoredOutput> {
      const bad = findNonJson(value);
      if (bad) throw new UnsupportedOutputError(context.stepKey, key, `${describeType(value)} (${bad})`, JSON_VALUES);
      const target = pathFor(context);
      const text = JSON.stringify(value);
      await writeAtomically(target, (temp) => fs.writeFile(temp, text), context.writerId);
      return { location: target, metadata: { bytes: Buffer.byteLength(text) } };
    },
    async loadInput(context: InputContext): Promise<unknown> {
      const source = pathFor(context.upstream);
      let text: string;
      try {
        text = await fs.readFile(source, 'utf8');
      } catch {
        throw new MissingInputError(context, source);
      }
      try {
        return JSON.parse(text);
      } catch (err) {
        throw new CorruptInputError(context, source, (err as Error).message);
      }
    },
  };
}
