import { Injectable } from '@nestjs/common';
import { EntityManager, Not } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { StaffActor } from '../common/actor';
import { ErrorDetail } from '../common/domain-error';
import { rowsOf } from '../common/sql-results';
import { findInOrganization } from '../common/tenancy';
import { ImportErrorCode } from './imports.errors';
import {
  ImportIssueKind,
  ImportStatus,
  RegistrationImport,
  RegistrationImportIssue,
} from './registration-import.entity';

export interface BatchOutcome {
  accepted: number;
  rejected: number;
  duplicates: number;
  issues: { line: number; kind: ImportIssueKind; reasons: ErrorDetail[] }[];
}

/** The statements of CSV imports: the stored file, the run's claim and progress. */
@Injectable()
export class ImportsRepository extends DataSourceRepository {
  async insert(
    manager: EntityManager,
    fields: Pick<
      RegistrationImport,
      'organizationId' | 'eventId' | 'requestedBy' | 'status' | 'sha256' | 'sizeBytes' | 'columns'
    >,
  ): Promise<RegistrationImport> {
    const repo = manager.getRepository(RegistrationImport);
    return repo.save(repo.create(fields));
  }

  find(importId: string): Promise<RegistrationImport | null> {
    return this.dataSource.getRepository(RegistrationImport).findOneBy({ id: importId });
  }

  /** An import of the actor's organization, or 404 IMPORT_NOT_FOUND. */
  findForActor(actor: StaffActor, id: string): Promise<RegistrationImport> {
    return findInOrganization(
      this.dataSource.getRepository(RegistrationImport),
      actor,
      id,
      'Import',
      ImportErrorCode.NotFound,
    );
  }

  async setTotalRows(importId: string, totalRows: number): Promise<void> {
    await this.dataSource.getRepository(RegistrationImport).update({ id: importId }, { totalRows });
  }

  async storeFile(manager: EntityManager, importId: string, file: Buffer, chunkBytes: number): Promise<void> {
    for (let seq = 0; seq * chunkBytes < file.length; seq++) {
      await manager.query(
        `INSERT INTO registration_import_chunks (import_id, seq, data) VALUES ($1, $2, $3)`,
        [importId, seq, file.subarray(seq * chunkBytes, (seq + 1) * chunkBytes)],
      );
    }
  }

  async chunk(importId: string, seq: number): Promise<Buffer | undefined> {
    const [chunk]: { data: Buffer }[] = await this.dataSource.query(
      `SELECT data FROM registration_import_chunks WHERE import_id = $1 AND seq = $2`,
      [importId, seq],
    );
    return chunk?.data;
  }

  /** Marks the import running unless it ended; false when it had. */
  async claim(importId: string): Promise<boolean> {
    const claimed = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `UPDATE registration_imports SET status = 'running', started_at = coalesce(started_at, now())
          WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
        [importId],
      ),
    );
    return claimed.length > 0;
  }

  /** Imports owed a job whose job may have been lost (no pending outbox row). */
  async stale(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM registration_imports WHERE status IN ('queued', 'running') AND created_at < now() - interval '2 minutes'
        AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.relayed_at IS NULL AND o.job_id = 'import-' || registration_imports.id::text)
        LIMIT 100`,
    );
    return rows.map((r) => r.id);
  }

  /** Which of `emails` already hold a registration for the event. */
  async registeredEmails(eventId: string, organizationId: string, emails: string[]): Promise<Set<string>> {
    const rows: { email: string }[] = await this.dataSource.query(
      `SELECT c.email FROM registrations r JOIN candidates c ON c.id = r.candidate_id
        WHERE r.event_id = $1 AND c.organization_id = $2 AND c.email = ANY($3::text[])`,
      [eventId, organizationId, emails],
    );
    return new Set(rows.map((r) => r.email));
  }

  /** The committed progress, locked for the caller's transaction. */
  async lockProgress(manager: EntityManager, importId: string): Promise<number> {
    const [current]: { processed_rows: number }[] = await manager.query(
      `SELECT processed_rows FROM registration_imports WHERE id = $1 FOR UPDATE`,
      [importId],
    );
    return current.processed_rows;
  }

  async record(
    manager: EntityManager,
    importId: string,
    processedRows: number,
    o: BatchOutcome,
  ): Promise<void> {
    if (o.issues.length > 0)
      await manager.query(
        `INSERT INTO registration_import_issues (import_id, line, kind, reasons)
         SELECT $1, x.line, x.kind, x.reasons FROM jsonb_to_recordset($2::jsonb) AS x(line int, kind text, reasons jsonb)
         ON CONFLICT DO NOTHING`,
        [importId, JSON.stringify(o.issues)],
      );
    await manager.query(
      `UPDATE registration_imports SET processed_rows = $2, accepted = accepted + $3, rejected = rejected + $4,
              duplicates = duplicates + $5
        WHERE id = $1`,
      [importId, processedRows, o.accepted, o.rejected, o.duplicates],
    );
  }

  /** Ends the import and drops the stored file. */
  async finish(importId: string, status: ImportStatus, error: string | null): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE registration_imports SET status = $2, error = $3, finished_at = now() WHERE id = $1`,
        [importId, status, error],
      );
      await manager.query(`DELETE FROM registration_import_chunks WHERE import_id = $1`, [importId]);
    });
  }

  /** The import of the same file for the event, unless it failed. */
  sameFile(eventId: string, sha256: string): Promise<RegistrationImport | null> {
    return this.dataSource
      .getRepository(RegistrationImport)
      .findOneBy({ eventId, sha256, status: Not(ImportStatus.Failed) });
  }

  /** The first `limit` issues of the import, by line. */
  issues(importId: string, limit: number): Promise<RegistrationImportIssue[]> {
    return this.dataSource.getRepository(RegistrationImportIssue).find({
      where: { importId },
      order: { line: 'ASC' },
      take: limit,
    });
  }
}
