import pl, { type DataFrame } from 'nodejs-polars';

/** GETs the sales API and reads its JSON rows into a DataFrame (shared by the asset and the op). */
export async function fetchSales(apiUrl: string, timeoutSeconds: number, signal: AbortSignal): Promise<DataFrame> {
  const response = await fetch(apiUrl, { signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutSeconds * 1000)]) });
  if (!response.ok) throw new Error(`sales API answered ${response.status} ${response.statusText} for ${apiUrl}`);
  return pl.readJSON(Buffer.from(await response.arrayBuffer()), { format: 'json' });
}
