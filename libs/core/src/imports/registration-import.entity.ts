import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ErrorDetail } from '../common/domain-error';

export enum ImportStatus {
  Queued = 'queued',
  Running = 'running',
  Completed = 'completed',
  Failed = 'failed',
}

export enum ImportIssueKind {
  Rejected = 'rejected',
  Duplicate = 'duplicate',
}

/** A CSV of registrations uploaded for an event, and its progress; the file itself is kept only until it is done. */
@Entity('registration_imports')
export class RegistrationImport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy: string;

  @Column({ type: 'text', default: ImportStatus.Queued })
  status: ImportStatus;

  @Column({ type: 'text' })
  sha256: string;

  @Column({ name: 'size_bytes', type: 'int' })
  sizeBytes: number;

  @Column({ type: 'text', array: true })
  columns: string[];

  @Column({ name: 'total_rows', type: 'int', nullable: true })
  totalRows: number | null;

  @Column({ name: 'processed_rows', type: 'int', default: 0 })
  processedRows: number;

  @Column({ type: 'int', default: 0 })
  accepted: number;

  @Column({ type: 'int', default: 0 })
  rejected: number;

  @Column({ type: 'int', default: 0 })
  duplicates: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

/** A row that was not imported: its line in the file and why (no personal data). */
@Entity('registration_import_issues')
export class RegistrationImportIssue {
  @PrimaryColumn({ name: 'import_id', type: 'uuid' })
  importId: string;

  @PrimaryColumn({ type: 'int' })
  line: number;

  @Column({ type: 'text' })
  kind: ImportIssueKind;

  @Column({ type: 'jsonb' })
  reasons: ErrorDetail[];
}
