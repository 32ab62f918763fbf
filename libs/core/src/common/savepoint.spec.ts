import { DataSource } from 'typeorm';
import { TEST_DATABASE_URL } from '@hirefair/testing';
import { withSavepoint } from './savepoint';

/** The savepoint helper on the real database: a failed step is undone alone, the transaction goes on. */
describe('withSavepoint', () => {
  const db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
  beforeAll(() => db.initialize());
  afterAll(() => db.destroy());

  it('rolls back only the failed step and keeps the rest of the transaction', async () => {
    const kept = await db.transaction(async (manager) => {
      await manager.query(`CREATE TEMP TABLE steps (n int PRIMARY KEY) ON COMMIT DROP`);
      await manager.query(`INSERT INTO steps VALUES (1)`);
      // A step that fails part-way (a unique violation, as an import row meets one).
      await expect(
        withSavepoint(manager, async (step) => {
          await step.query(`INSERT INTO steps VALUES (2)`);
          await step.query(`INSERT INTO steps VALUES (1)`);
        }),
      ).rejects.toMatchObject({ code: '23505' });
      // The transaction is usable, and a step that succeeds stays.
      expect(
        await withSavepoint(manager, (step) => step.query(`INSERT INTO steps VALUES (3) RETURNING n`)),
      ).toEqual([{ n: 3 }]);
      return (await manager.query(`SELECT n FROM steps ORDER BY n`)).map((r: { n: number }) => r.n);
    });
    expect(kept).toEqual([1, 3]);
  });

  it('refuses to run outside a transaction, where it would commit on its own', () => {
    expect(() => withSavepoint(db.manager, async () => undefined)).toThrow(/inside a transaction/);
  });
});
