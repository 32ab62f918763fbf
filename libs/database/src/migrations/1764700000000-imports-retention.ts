import { MigrationInterface, QueryRunner } from 'typeorm';

export class ImportsRetention1764700000000 implements MigrationInterface {
  name = 'ImportsRetention1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events ADD COLUMN completed_at timestamptz(3)`);
    await q.query(`UPDATE events SET completed_at = updated_at WHERE status = 'completed'`);
    await q.query(`CREATE INDEX events_completed_idx ON events (completed_at) WHERE status = 'completed'`);

    await q.query(`CREATE TABLE registration_imports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      requested_by uuid NOT NULL REFERENCES users(id),
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
      sha256 text NOT NULL,
      size_bytes int NOT NULL CHECK (size_bytes >= 0),
      columns text[] NOT NULL,
      total_rows int CHECK (total_rows >= 0),
      processed_rows int NOT NULL DEFAULT 0 CHECK (processed_rows >= 0),
      accepted int NOT NULL DEFAULT 0 CHECK (accepted >= 0),
      rejected int NOT NULL DEFAULT 0 CHECK (rejected >= 0),
      duplicates int NOT NULL DEFAULT 0 CHECK (duplicates >= 0),
      error text,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      started_at timestamptz(3),
      finished_at timestamptz(3)
    )`);
    // The same file twice for one event is one import (a failed one may be uploaded again).
    await q.query(
      `CREATE UNIQUE INDEX registration_imports_file_unique ON registration_imports (event_id, sha256)
        WHERE status <> 'failed'`,
    );
    await q.query(
      `CREATE INDEX registration_imports_org_idx ON registration_imports (organization_id, created_at)`,
    );
    // The uploaded file, in chunks, until the import is done: it holds personal data.
    await q.query(`CREATE TABLE registration_import_chunks (
      import_id uuid NOT NULL REFERENCES registration_imports(id) ON DELETE CASCADE,
      seq int NOT NULL,
      data bytea NOT NULL,
      PRIMARY KEY (import_id, seq)
    )`);
    await q.query(`CREATE TABLE registration_import_issues (
      import_id uuid NOT NULL REFERENCES registration_imports(id) ON DELETE CASCADE,
      line int NOT NULL,
      kind text NOT NULL CHECK (kind IN ('rejected', 'duplicate')),
      reasons jsonb NOT NULL,
      PRIMARY KEY (import_id, line)
    )`);

    await q.query(`CREATE TABLE retention_policies (
      organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
      days int NOT NULL CHECK (days BETWEEN 1 AND 3650),
      updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
      updated_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE retention_policies`);
    await q.query(`DROP TABLE registration_import_issues`);
    await q.query(`DROP TABLE registration_import_chunks`);
    await q.query(`DROP TABLE registration_imports`);
    await q.query(`DROP INDEX events_completed_idx`);
    await q.query(`ALTER TABLE events DROP COLUMN completed_at`);
  }
}
