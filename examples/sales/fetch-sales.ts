import pl, { type DataFrame } from 'nodejs-polars';
import { z } from 'zod';

/** Config of whatever reads the sales API (the raw_sales asset, the extract_sales op). */
export const salesApiConfig = z.object({
  apiUrl: z.string().url(),
  timeoutSeconds: z.number().positive().default(30),
});

/** GETs the sales API and reads its JSON rows into a DataFrame (shared by the asset and the op). */
export async function fetchSales(apiUrl: string, timeoutSeconds: number, signal: AbortSignal): Promise<DataFrame> {
  const response = await fetch(apiUrl, { signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutSeconds * 1000)]) });
  if (!response.ok) throw new Error(`sales API answered ${response.status} ${response.statusText} for ${apiUrl}`);
  return pl.readJSON(Buffer.from(await response.arrayBuffer()), { format: 'json' });
}
