import fs from 'node:fs';
import path from 'node:path';
import { assetSensor, sensor } from 'assetflow';

/** Where the file-drop sensor looks: ASSETFLOW_INCOMING_DIR, or `.assetflow/incoming`. */
export function incomingDir(): string {
  return path.resolve(process.env.ASSETFLOW_INCOMING_DIR ?? path.join('.assetflow', 'incoming'));
}

const SALES_FILE = /\.(csv|json)$/i;
/** At most this many files per evaluation; the rest wait for the next one (the cursor says where). */
const MAX_FILES_PER_EVALUATION = 50;

/**
 * The guide's S3 sensor, with a local directory standing in for the bucket: one run of
 * `ingested_file` per new file, with the file in the run config. The cursor is the last file
 * name seen (names sort in arrival order when they start with a date or a counter); the run key
 * is the file name, so a file is ingested once even if it is seen again.
 */
export function fileDropSensor(options: { name?: string; dir?: string; minimumIntervalSeconds?: number } = {}) {
  return sensor({
    name: options.name ?? 'incoming_sales_files',
    description: 'Starts one ingested_file run per new CSV/JSON file in the incoming directory.',
    selection: 'ingested_file',
    minimumIntervalSeconds: options.minimumIntervalSeconds ?? 10,
    evaluate(ctx) {
      const dir = options.dir ?? incomingDir();
      fs.mkdirSync(dir, { recursive: true }); // so there is a folder to drop files into once the sensor runs
      const fresh = fs
        .readdirSync(dir)
        .filter((f) => SALES_FILE.test(f) && (ctx.cursor === undefined || f > ctx.cursor))
        .sort()
        .slice(0, MAX_FILES_PER_EVALUATION);
      if (fresh.length === 0) return { skipReason: `no new files in ${dir}` };
      ctx.cursor = fresh[fresh.length - 1];
      return fresh.map((file) => ({
        runKey: file,
        runConfig: { ops: { ingested_file: { config: { path: path.join(dir, file) } } } },
        tags: { file },
      }));
    },
  });
}

/**
 * The guide's asset sensor: when `cleaned_sales` is materialized, refresh what is computed from
 * it (`sales_by_customer+`). Woken by the materialization itself, with its record; one run per
 * materialization of cleaned_sales.
 */
export function cleanedSalesSensor(options: { name?: string } = {}) {
  return assetSensor({
    name: options.name ?? 'cleaned_sales_sensor',
    description: 'Refreshes sales_by_customer and top_customers when cleaned_sales is materialized.',
    assetKeys: ['cleaned_sales'],
    selection: 'sales_by_customer+',
    async evaluate(ctx) {
      const latest = await ctx.latestMaterialization('cleaned_sales');
      ctx.log.info({ rows: latest?.rows, runId: latest?.runId }, 'cleaned_sales was materialized');
      return ctx.materializations.map((m) => ({
        runKey: `cleaned_sales:${m.runId}${m.partitionKey !== undefined ? `:${m.partitionKey}` : ''}`,
        ...(m.partitionKey !== undefined ? { partitionKey: m.partitionKey } : {}),
        tags: { upstream_run: m.runId },
      }));
    },
  });
}
