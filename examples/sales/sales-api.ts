import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Where the examples find the sales API unless SALES_API_URL says otherwise — the address
 * `npm run sales-api` serves, used by the asset job, the schedule and the daily-sales asset alike.
 */
export const DEFAULT_SALES_API_URL = 'http://127.0.0.1:8080/sales';

/** SALES_API_URL, or {@link DEFAULT_SALES_API_URL}. */
export function salesApiUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.SALES_API_URL || DEFAULT_SALES_API_URL;
}

/** One sale as the API serves it (the guide's columns). */
export interface Sale {
  sale_id: number;
  customer_id: string;
  sale_date: string;
  amount: number;
}

export interface SalesApiOptions {
  /** How many sales to generate (over November 2026). Default 2,000. */
  rows?: number;
  /** Serve these sales instead of generated ones (`GET /sales?date=` still filters them). */
  sales?: readonly Sale[];
  /** Seed of the generator: the same seed serves the same data. Default 42. */
  seed?: number;
  /** How many first requests fail with 503, to show retries. Default 1. */
  failFirst?: number;
  /** Port; default a free one. */
  port?: number;
}

export interface SalesApi {
  /** URL of the sales endpoint: `http://127.0.0.1:<port>/sales` (a free port unless `port` was given). */
  url: string;
  /** Every sale `GET /sales` serves (for checking results independently). */
  sales: readonly Sale[];
  /** The sales `GET /sales?date=<day>` serves: that day's, generated for days outside the data. */
  salesOn(day: string): readonly Sale[];
  /** Requests served so far, failed ones included. */
  requests(): number;
  close(): Promise<void>;
}

/**
 * A small local sales API standing in for the guide's `https://api.example.com/sales`:
 * generated, reproducible data (some amounts zero or negative, for cleaning to drop), and a
 * first request that fails on purpose so the retry shows in Temporal Web.
 * `GET /sales?date=YYYY-MM-DD` serves that day's sales: from the data for a day of November
 * 2026, generated (reproducibly) for any other day, so a schedule triggered today finds sales.
 */
export async function startSalesApi(options: SalesApiOptions = {}): Promise<SalesApi> {
  const seed = options.seed ?? 42;
  const sales = options.sales ?? generateSales(options.rows ?? 2000, seed);
  const days = new Set(sales.map((s) => s.sale_date));
  const perDay = Math.max(1, Math.round(sales.length / Math.max(1, days.size)));
  const salesOn = (day: string) => (days.has(day) || options.sales ? sales.filter((s) => s.sale_date === day) : generateDay(day, perDay, seed));
  let failuresLeft = options.failFirst ?? 1;
  let served = 0;
  const server = http.createServer((req, res) => {
    served++;
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/sales') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'try GET /sales' }));
      return;
    }
    if (failuresLeft > 0) {
      failuresLeft--;
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' }).end(JSON.stringify({ error: 'warming up, try again' }));
      return;
    }
    const date = url.searchParams.get('date');
    if (date !== null && !isDay(date)) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `date must be YYYY-MM-DD, got '${date}'` }));
      return;
    }
    const body = date ? salesOn(date) : sales;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sales`,
    sales,
    salesOn,
    requests: () => served,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Deterministic sales: 60 customers, 30 days of November 2026, about 5% non-positive amounts. */
export function generateSales(rows: number, seed: number): Sale[] {
  const random = mulberry32(seed);
  const sales: Sale[] = [];
  for (let i = 1; i <= rows; i++) {
    const customer = Math.floor(random() ** 2 * 60) + 1;
    const day = Math.floor(random() * 30) + 1;
    const roll = random();
    const amount = roll < 0.03 ? -Math.round(random() * 5000) / 100 : roll < 0.05 ? 0 : Math.round((5 + random() * 495) * 100) / 100;
    sales.push({ sale_id: i, customer_id: `C${String(customer).padStart(3, '0')}`, sale_date: `2026-11-${String(day).padStart(2, '0')}`, amount });
  }
  return sales;
}

/**
 * The sales of one day outside the generated month: `count` sales dated `day`, the same for the
 * same day and seed, with ids that no other day uses.
 */
export function generateDay(day: string, count: number, seed: number): Sale[] {
  const dayNumber = Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
  return generateSales(count, (seed ^ (dayNumber * 2654435761)) >>> 0).map((s, i) => ({ ...s, sale_id: 10_000_000 + dayNumber * 10_000 + i, sale_date: day }));
}

function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));
}

/** A small seeded PRNG (mulberry32): the same seed gives the same sequence, for reproducible data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
