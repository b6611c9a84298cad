import { DataSource, QueryFailedError } from 'typeorm';
import type { TestDatabase } from '../../../../test/setup/test-database';
import { createTestDatabase } from '../../../../test/setup/test-database';
import { dataSourceOptions } from './data-source-options';
import { preparedQuery } from './prepared';

const PREPARED = `SELECT name FROM pg_prepared_statements WHERE statement = $1`;

describe('preparedQuery (PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    // one connection: every call below meets the statements the earlier ones prepared
    ds = await new DataSource(dataSourceOptions(db.url, 1)).initialize();
    await ds.query(`CREATE TABLE prepared_probe (id int PRIMARY KEY, label text NOT NULL)`);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('prepares a statement once per connection and answers each call with its own values', async () => {
    const text = `SELECT $1::int + 1 AS n`;
    expect(await preparedQuery(ds, text, [1])).toEqual([{ n: 2 }]);
    expect(await preparedQuery(ds, text, [41])).toEqual([{ n: 42 }]);
    // the pool's one connection now holds it under one name, derived from the text
    const held = await ds.query<Array<{ name: string }>>(PREPARED, [text]);
    expect(held).toHaveLength(1);
    expect(held[0].name).toMatch(/^wavu_[0-9a-f]{20}$/);
    // another text is another statement
    await preparedQuery(ds, `SELECT $1::int + 2 AS n`, [1]);
    const names = await ds.query<Array<{ name: string }>>(`SELECT name FROM pg_prepared_statements WHERE name LIKE 'wavu\\_%'`);
    expect(new Set(names.map((r) => r.name)).size).toBe(2);
  });

  it("runs on the transaction's own connection: its writes are seen inside and undone by a rollback", async () => {
    const insert = `INSERT INTO prepared_probe (id, label) VALUES ($1, $2) RETURNING id, label`;
    await expect(
      ds.transaction(async (manager) => {
        expect(await preparedQuery(manager, insert, [1, 'one'])).toEqual([{ id: 1, label: 'one' }]);
        expect(await manager.query(`SELECT label FROM prepared_probe WHERE id = 1`)).toEqual([{ label: 'one' }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await ds.query(`SELECT count(*)::int AS n FROM prepared_probe`)).toEqual([{ n: 0 }]);
  });

  it("fails as TypeORM's query() does: a QueryFailedError carrying PostgreSQL's code", async () => {
    const insert = `INSERT INTO prepared_probe (id, label) VALUES ($1, $2)`;
    await preparedQuery(ds, insert, [2, 'two']);
    const error: unknown = await preparedQuery(ds, insert, [2, 'again']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError & { code?: string }).code).toBe('23505');
    // the failure left the statement usable
    expect(await preparedQuery(ds, insert, [3, 'three'])).toEqual([]);
    expect(await ds.query(`SELECT id FROM prepared_probe ORDER BY id`)).toEqual([{ id: 2 }, { id: 3 }]);
  });
});
