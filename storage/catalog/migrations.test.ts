import { CatalogSchemaTooNewError } from './catalog-errors';
import { MIGRATIONS, pendingMigrations, schemaVersionOf, type Migration } from './migrations';

const m = (version: number): Migration => ({ version, description: `v${version}`, sqlite: [], postgres: () => [] });

test('the released migrations are numbered 1, 2, … with SQL for both dialects', () => {
  expect(MIGRATIONS.map((x) => x.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  for (const x of MIGRATIONS) {
    expect(x.sqlite.length).toBeGreaterThan(0);
    expect(x.postgres('"s"').length).toBeGreaterThan(0);
    for (const sql of x.postgres('"s"')) expect(sql).not.toMatch(/(CREATE TABLE|ALTER TABLE|ON|REFERENCES) (?!"s"\.)(?!IF)[a-z_]+ /);
  }
  expect(schemaVersionOf()).toBe(MIGRATIONS.length);
});

test('pending: the versions not applied yet, in order', () => {
  expect(pendingMigrations('here', [], [m(1), m(2), m(3)]).map((x) => x.version)).toEqual([1, 2, 3]);
  expect(pendingMigrations('here', [1], [m(1), m(2), m(3)]).map((x) => x.version)).toEqual([2, 3]);
  expect(pendingMigrations('here', [1, 2, 3], [m(1), m(2), m(3)])).toEqual([]);
});

test('a database newer than the code is refused', () => {
  expect(() => pendingMigrations('sqlite:/x', [1, 2, 3], [m(1), m(2)])).toThrow(CatalogSchemaTooNewError);
  expect(() => pendingMigrations('sqlite:/x', [1, 2, 3], [m(1), m(2)])).toThrow('the catalog at sqlite:/x has schema version 3, but this assetflow knows versions up to 2');
});

test('a gap in the recorded versions, or a list out of order, is an error', () => {
  expect(() => pendingMigrations('here', [1, 3], [m(1), m(2), m(3)])).toThrow(/records schema version 3 but not version\(s\) 2/);
  expect(() => pendingMigrations('here', [], [m(1), m(3)])).toThrow(/numbered 1, 2, 3… in order; entry 1 has version 3/);
});
