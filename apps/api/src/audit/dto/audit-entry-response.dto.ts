import { ApiProperty } from '@nestjs/swagger';
import { AuditEntry } from '@hirefair/core';

export class AuditEntryResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  organizationId: string | null;

  @ApiProperty({ example: 'staff', description: 'Who acted: staff, candidate or system' })
  actorType: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorId: string | null;

  @ApiProperty({ example: 'registration.waiver_overridden' })
  action: string;

  @ApiProperty({ example: 'registration' })
  objectType: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  objectId: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { from: 'standard', to: 'fast_track' },
  })
  details: object;

  @ApiProperty({ type: String, format: 'date-time' })
  at: Date;
}

export function toAuditEntryResponse(entry: AuditEntry): AuditEntryResponseDto {
  return {
    id: entry.id,
    organizationId: entry.organizationId,
    actorType: entry.actorType,
    actorId: entry.actorId,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    details: entry.details,
    at: entry.at,
  };
}
