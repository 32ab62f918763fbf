import { ApiProperty } from '@nestjs/swagger';

export class RetentionEventDto {
  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ example: 'AI Experts Fair Beijing 2026' })
  title: string;

  @ApiProperty({ example: 'ai-experts-beijing-2026' })
  slug: string;

  @ApiProperty({ type: String, format: 'date-time' })
  completedAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  erasureDueAt: Date;

  @ApiProperty({ example: false, description: 'The erasure date has passed (the nightly run erases it)' })
  due: boolean;

  @ApiProperty({ example: 212 })
  registrationsWithPersonalData: number;
}

export class RetentionResponseDto {
  @ApiProperty({
    example: 180,
    description: 'Days after an event completes until its personal data is erased',
  })
  days: number;

  @ApiProperty({ example: true, description: 'No period set: the default applies' })
  isDefault: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  updatedAt: Date | null;

  @ApiProperty({ type: [RetentionEventDto] })
  events: RetentionEventDto[];
}
