import { ApiProperty } from '@nestjs/swagger';
import { ImportIssueKind, ImportStatus } from '@hirefair/core';
import { ErrorDetailDto } from '../../common/error-response';

export class ImportIssueDto {
  /** The CSV line (1 = the header). */
  line: number;
  @ApiProperty({ enum: ImportIssueKind, example: 'rejected' })
  kind: ImportIssueKind;
  /** Why the row was not imported, field by field. */
  @ApiProperty({ type: [ErrorDetailDto] })
  reasons: ErrorDetailDto[];
}

/** A CSV import of registrations: its progress, counts and the rows not imported. */
export class ImportResponseDto {
  id: string;
  eventId: string;
  @ApiProperty({ enum: ImportStatus, example: 'queued' })
  status: ImportStatus;
  @ApiProperty({ type: [String], example: ['name', 'email', 'city'] })
  columns: string[];
  sizeBytes: number;
  totalRows: number | null;
  processedRows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  @ApiProperty({ type: [ImportIssueDto] })
  issues: ImportIssueDto[];
  /** More issues exist than listed. */
  issuesTruncated: boolean;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}
