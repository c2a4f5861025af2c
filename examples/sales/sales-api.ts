import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One sale as the API serves it (the guide's columns). */
export interface Sale {
  sale_id: number;
  customer_id: string;
  sale_date: string;
  amount: number;
}

export interface SalesApiOptions {
  /** How many sales to generate. Default 2,000. */
  rows?: number;
  /** Seed of the generator: the same seed serves the same data. Default 42. */
  seed?: number;
  /** How many first requests fail with 503, to show retries. Default 1. */
  failFirst?: number;
  /** Port; default a free one. */
  port?: number;
}

export interface SalesApi {
  /** URL of the sales endpoint, e.g. http://127.0.0.1:41234/sales */
  url: string;
  /** Every sale the API serves (for checking results independently). */
  sales: readonly Sale[];
  /** Requests served so far, failed ones included. */
  requests(): number;
  close(): Promise<void>;
}

/**
 * A small local sales API standing in for the guide's `https://api.example.com/sales`:
 * generated, reproducible data (some amounts zero or negative, for cleaning to drop), and a
 * first request that fails on purpose so the retry shows in Temporal Web.
 * `GET /sales?date=YYYY-MM-DD` filters by day.
 */
export async function startSalesApi(options: SalesApiOptions = {}): Promise<SalesApi> {
  const sales = generateSales(options.rows ?? 2000, options.seed ?? 42);
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
    const body = date ? sales.filter((s) => s.sale_date === date) : sales;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sales`,
    sales,
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
