import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { EntityManager } from 'typeorm';
import { ImportJob, ImportRegistrationsPayload, QueueName, importJobId } from '@hirefair/queue';
import { AuditService } from '../audit/audit.service';
import { StaffActor } from '../common/actor';
import { isUniqueViolation } from '../common/db-errors';
import { DomainError, ErrorDetail, ErrorKind } from '../common/domain-error';
import { withSavepoint } from '../common/savepoint';
import { validateAs } from '../common/validation';
import { EventsRepository } from '../events/events.repository';
import { OutboxService } from '../outbox/outbox.service';
import { IMPORTABLE_EVENT_STATUSES, REGISTRATION_UNIQUE } from '../registrations/registration.types';
import { RegistrationDto } from '../registrations/registration.dto';
import { RegistrationBatchService } from '../registrations/registration-batch.service';
import { MAX_IMPORT_ROWS, csvReader, readHeader, rowToBody } from './import-csv';
import { ImportError, ImportErrorCode } from './imports.errors';
import {
  ImportIssueKind,
  ImportStatus,
  RegistrationImport,
  RegistrationImportIssue,
} from './registration-import.entity';
import { BatchOutcome, ImportsRepository } from './imports.repository';

/** Stored file chunk size; the worker streams the file chunk by chunk. */
const CHUNK_BYTES = 1024 * 1024;
/** Rows registered per transaction: large enough to amortize commits, small enough to hold the seat lock briefly. */
export const IMPORT_BATCH_ROWS = 250;
/** Issues listed on the import itself; the counts are always complete. */
export const MAX_LISTED_ISSUES = 1000;

interface ParsedRow {
  line: number;
  cells: string[];
}

const DUPLICATE_IN_DB: ErrorDetail = {
  field: 'email',
  messages: ['email is already registered for this event'],
};

function importView(i: RegistrationImport, issues: RegistrationImportIssue[] = [], issueCount = 0) {
  return {
    id: i.id,
    eventId: i.eventId,
    status: i.status,
    columns: i.columns,
    sizeBytes: i.sizeBytes,
    totalRows: i.totalRows,
    processedRows: i.processedRows,
    accepted: i.accepted,
    rejected: i.rejected,
    duplicates: i.duplicates,
    issues: issues.map((x) => ({ line: x.line, kind: x.kind, reasons: x.reasons })),
    issuesTruncated: issueCount > issues.length,
    error: i.error,
    createdAt: i.createdAt,
    startedAt: i.startedAt,
    finishedAt: i.finishedAt,
  };
}

export type ImportView = ReturnType<typeof importView>;

/**
 * Bulk import of registrations from CSV. The upload stores the file and owes a job; the worker
 * streams it, validating each row with the public registration DTO and registering it through the
 * same statement as an online registration (seats, waitlist, mail with the access link, intake).
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);

  constructor(
    @InjectQueue(QueueName.Imports) private readonly queue: Queue<ImportRegistrationsPayload>,
    private readonly outbox: OutboxService,
    private readonly batches: RegistrationBatchService,
    private readonly repository: ImportsRepository,
    private readonly events: EventsRepository,
    private readonly audit: AuditService,
  ) {}

  /** Stores the file and owes its job; the same file again for the event answers the existing import. */
  async create(
    actor: StaffActor,
    eventId: string,
    file: unknown,
  ): Promise<{ created: boolean; view: ImportView }> {
    const event = await this.events.findForActor(actor, eventId);
    if (!Buffer.isBuffer(file))
      throw new ImportError(
        ImportErrorCode.NotCsv,
        'Send the file as the request body with Content-Type: text/csv.',
        ErrorKind.Invalid,
      );
    if (!(IMPORTABLE_EVENT_STATUSES as readonly string[]).includes(event.status))
      throw new ImportError(
        ImportErrorCode.EventNotImportable,
        `A ${event.status} event takes no imports; allowed: ${IMPORTABLE_EVENT_STATUSES.join(', ')}.`,
      );
    const columns = readHeader(file);
    const sha256 = createHash('sha256').update(file).digest('hex');
    const existing = await this.repository.sameFile(event.id, sha256);
    if (existing) return { created: false, view: await this.view(existing) };
    try {
      const created = await this.repository.transaction(async (manager) => {
        const row = await this.repository.insert(manager, {
          organizationId: event.organizationId,
          eventId: event.id,
          requestedBy: actor.userId,
          status: ImportStatus.Queued,
          sha256,
          sizeBytes: file.length,
          columns,
        });
        await this.repository.storeFile(manager, row.id, file, CHUNK_BYTES);
        await this.outbox.add(manager, {
          queue: QueueName.Imports,
          name: ImportJob.Run,
          jobId: importJobId(row.id),
          payload: { importId: row.id } satisfies ImportRegistrationsPayload,
        });
        await this.audit.record(
          actor,
          {
            organizationId: event.organizationId,
            action: 'registrations.import',
            objectType: 'registration_import',
            objectId: row.id,
            details: { eventId: event.id, sizeBytes: file.length, sha256 },
          },
          manager,
        );
        return row;
      });
      return { created: true, view: importView(created) };
    } catch (error) {
      // The same file uploaded twice at once: the second answers the first's import.
      const first = isUniqueViolation(error, 'registration_imports_file_unique')
        ? await this.repository.sameFile(event.id, sha256)
        : null;
      if (!first) throw error;
      return { created: false, view: await this.view(first) };
    }
  }

  async get(actor: StaffActor, id: string): Promise<ImportView> {
    return this.view(await this.repository.findForActor(actor, id));
  }

  /**
   * The worker's side: streams the stored file, registering rows in batches. Safe to run again
   * after a crash: progress (processed rows and their outcomes) commits with each batch, and a
   * second runner finds the progress moved and stops.
   */
  async run(importId: string, finalAttempt = true): Promise<ImportStatus> {
    const claimed = await this.repository.claim(importId);
    if (!claimed) return (await this.repository.find(importId))?.status ?? ImportStatus.Failed;
    try {
      let job = await this.found(importId);
      if (job.totalRows === null) {
        const totalRows = await this.countRows(importId);
        if (totalRows > MAX_IMPORT_ROWS)
          throw new ImportError(
            ImportErrorCode.TooManyRows,
            `The file has ${totalRows} rows; an import takes at most ${MAX_IMPORT_ROWS}.`,
            ErrorKind.Invalid,
          );
        await this.repository.setTotalRows(importId, totalRows);
        job = await this.found(importId);
      }
      await this.importRows(job);
      await this.finish(importId, { status: ImportStatus.Completed });
      this.logger.log(`Import ${importId} completed`);
      return ImportStatus.Completed;
    } catch (error) {
      // Another runner (a stalled job handed out again) moved on: it finishes the import.
      if (error instanceof TakenOver) return ImportStatus.Running;
      // A bad file or an event that stopped taking imports will not get better with a retry.
      if (finalAttempt || error instanceof DomainError || isCsvError(error)) {
        await this.finish(importId, { status: ImportStatus.Failed, error: (error as Error).message });
        return ImportStatus.Failed;
      }
      throw error;
    }
  }

  /** Reconciler check: imports owed a job whose job may have been lost (a Redis that restarted empty). */
  async reconcile(): Promise<number> {
    const stale = await this.repository.stale();
    for (const id of stale) await this.queue.add(ImportJob.Run, { importId: id }, { jobId: importJobId(id) });
    return stale.length;
  }

  private async importRows(job: RegistrationImport): Promise<void> {
    // Emails of this file's rows already handled in this run, for "duplicate of line N".
    const seen = new Map<string, number>();
    let index = 0;
    let batch: ParsedRow[] = [];
    let header = true;
    for await (const { record, info } of this.file(job.id).pipe(csvReader())) {
      if (header) {
        header = false;
        continue;
      }
      // Rows a previous run committed are skipped; their emails are registered now, so they still count as duplicates.
      if (index++ < job.processedRows) continue;
      batch.push({ line: (info as { lines: number }).lines, cells: record as string[] });
      if (batch.length >= IMPORT_BATCH_ROWS) {
        await this.importBatch(job, batch, seen);
        batch = [];
      }
    }
    if (batch.length > 0) await this.importBatch(job, batch, seen);
  }

  private async importBatch(job: RegistrationImport, rows: ParsedRow[], seen: Map<string, number>) {
    const outcome: BatchOutcome = { accepted: 0, rejected: 0, duplicates: 0, issues: [] };
    const valid: { line: number; email: string; dto: RegistrationDto }[] = [];
    for (const row of rows) {
      const { body, details } = rowToBody(job.columns, row.cells);
      const checked = await validateAs(RegistrationDto, body);
      const reasons = [...details, ...(checked.details ?? [])];
      if (reasons.length > 0 || !checked.value) {
        outcome.rejected++;
        outcome.issues.push({ line: row.line, kind: ImportIssueKind.Rejected, reasons });
        continue;
      }
      const email = checked.value.email.trim().toLowerCase();
      const earlier = seen.get(email);
      if (earlier !== undefined) {
        outcome.duplicates++;
        outcome.issues.push({
          line: row.line,
          kind: ImportIssueKind.Duplicate,
          reasons: [{ field: 'email', messages: [`email appears earlier in this file (line ${earlier})`] }],
        });
        continue;
      }
      seen.set(email, row.line);
      valid.push({ line: row.line, email, dto: checked.value });
    }
    const registered = await this.repository.registeredEmails(
      job.eventId,
      job.organizationId,
      valid.map((v) => v.email),
    );
    const fresh = valid.filter((v) => {
      if (!registered.has(v.email)) return true;
      outcome.duplicates++;
      outcome.issues.push({ line: v.line, kind: ImportIssueKind.Duplicate, reasons: [DUPLICATE_IN_DB] });
      return false;
    });
    const target = {
      eventId: job.eventId,
      importedBy: job.requestedBy,
      reason: `imported from CSV (import ${job.id})`,
    };
    const end = job.processedRows + rows.length;
    const base = { duplicates: outcome.duplicates, issues: outcome.issues.length };
    // Registers `valid` in the caller's transaction; rows that found their email registered meanwhile are duplicates.
    const register = async (manager: EntityManager, valid: typeof fresh): Promise<number> => {
      const results = await this.batches.registerMany(
        manager,
        target,
        valid.map((v) => v.dto),
      );
      let accepted = 0;
      results.forEach(({ outcome: o }, k) => {
        if (o === 'missing' || o === 'closed')
          throw new ImportError(ImportErrorCode.EventNotImportable, 'The event no longer takes imports.');
        if (o !== 'duplicate') accepted++;
        else {
          outcome.duplicates++;
          outcome.issues.push({
            line: valid[k].line,
            kind: ImportIssueKind.Duplicate,
            reasons: [DUPLICATE_IN_DB],
          });
        }
      });
      return accepted;
    };
    const commit = (registerAll: (manager: EntityManager) => Promise<number>) =>
      this.repository.transaction(async (manager) => {
        outcome.duplicates = base.duplicates;
        outcome.issues.length = base.issues;
        if ((await this.repository.lockProgress(manager, job.id)) !== job.processedRows)
          throw new TakenOver();
        const accepted = await registerAll(manager);
        await this.repository.record(manager, job.id, end, { ...outcome, accepted });
      });
    try {
      await commit((manager) => register(manager, fresh));
    } catch (error) {
      if (!isUniqueViolation(error, REGISTRATION_UNIQUE)) throw error;
      // Someone registered online meanwhile: again, row by row, each under a savepoint.
      await commit(async (manager) => {
        let accepted = 0;
        for (const v of fresh) {
          try {
            accepted += await withSavepoint(manager, (row) => register(row, [v]));
          } catch (rowError) {
            if (!isUniqueViolation(rowError, REGISTRATION_UNIQUE)) throw rowError;
            outcome.duplicates++;
            outcome.issues.push({
              line: v.line,
              kind: ImportIssueKind.Duplicate,
              reasons: [DUPLICATE_IN_DB],
            });
          }
        }
        return accepted;
      });
    }
    job.processedRows = end;
  }

  /** Counts the data rows (and checks the whole file parses) before anything is registered. */
  private async countRows(importId: string): Promise<number> {
    let records = 0;
    for await (const _ of this.file(importId).pipe(csvReader())) records++;
    return Math.max(0, records - 1);
  }

  /** The stored file as a stream, one chunk in memory at a time. */
  private file(importId: string): Readable {
    const repository = this.repository;
    return Readable.from(
      (async function* () {
        for (let seq = 0; ; seq++) {
          const chunk = await repository.chunk(importId, seq);
          if (!chunk) return;
          yield chunk;
        }
      })(),
    );
  }

  /** Ends the import and drops the stored file: it holds personal data, and the report needs none. */
  private async finish(importId: string, end: { status: ImportStatus; error?: string }): Promise<void> {
    await this.repository.finish(importId, end.status, end.error ?? null);
  }

  /** The import, which exists (its job runs). */
  private async found(importId: string): Promise<RegistrationImport> {
    const job = await this.repository.find(importId);
    if (!job) throw new Error(`import ${importId} is gone`);
    return job;
  }

  private async view(i: RegistrationImport): Promise<ImportView> {
    const issues = await this.repository.issues(i.id, MAX_LISTED_ISSUES);
    return importView(i, issues, i.rejected + i.duplicates);
  }
}

/** The import's progress moved under this runner: another one is processing it. */
class TakenOver extends Error {}

/** csv-parse's errors (an unclosed quote, …) carry a CSV_ code. */
function isCsvError(error: unknown): boolean {
  return (
    typeof (error as { code?: unknown })?.code === 'string' &&
    (error as { code: string }).code.startsWith('CSV_')
  );
}
