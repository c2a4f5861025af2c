import { randomUUID } from 'node:crypto';
import { Client, escapeIdentifier } from 'pg';

/** The local test database (trust auth). */
export const TEST_DATABASE_URL = process.env.ASSETFLOW_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestSchema {
  /** A fresh schema name, unique to this test file. */
  name: string;
  /** Runs a query on the test database. */
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
  /** Drops the schema and everything in it, and disconnects. */
  drop(): Promise<void>;
}

/** Creates a uniquely named schema in the test database for one test file. */
export async function createTestSchema(prefix: string): Promise<TestSchema> {
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA ${escapeIdentifier(name)}`);
  return {
    name,
    query: async <R>(text: string, values?: unknown[]) => (await client.query(text, values)).rows as R[],
    drop: async () => {
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(name)} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
