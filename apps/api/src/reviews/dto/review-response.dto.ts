import { ApiProperty } from '@nestjs/swagger';
import { Lane, RegistrationStatus, ReviewDecisionKind, Stage } from '@hirefair/core';
import { WaiverDto } from '../../pipeline/dto/pipeline-response.dto';

export class ReviewCandidateDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true, example: 'Zhang Min', description: 'null once erased' })
  name: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'zhang.min@example.com' })
  email: string | null;

  @ApiProperty({ type: String, nullable: true, example: '+8613800000000' })
  phone: string | null;

  @ApiProperty({ example: false })
  erased: boolean;
}

/** A registration awaiting the unit's decision, as staff see it. */
export class ReviewQueueItemDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ example: 17 })
  seq: number;

  @ApiProperty({ type: ReviewCandidateDto })
  candidate: ReviewCandidateDto;

  @ApiProperty({ enum: RegistrationStatus, example: RegistrationStatus.Registered })
  status: RegistrationStatus;

  @ApiProperty({ enum: Lane, nullable: true, example: Lane.FastTrack })
  lane: Lane | null;

  @ApiProperty({ enum: Stage, example: Stage.Routed })
  stage: Stage;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  businessUnitId: string | null;

  @ApiProperty({ type: WaiverDto, nullable: true })
  waiver: WaiverDto | null;

  @ApiProperty({ type: Number, nullable: true, example: null })
  writtenTestScore: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  routedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  slaDueAt: Date | null;

  @ApiProperty({ example: false })
  slaBreached: boolean;

  @ApiProperty({ type: String, nullable: true, example: null })
  unroutedReason: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  checkedInAt: Date | null;

  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, example: null })
  interview: object | null;

  @ApiProperty({ example: 'Beijing' })
  city: string;

  @ApiProperty({ example: ['nlp'] })
  specialties: string[];

  @ApiProperty({ example: 'phd' })
  degree: string;

  @ApiProperty({ example: 6 })
  yearsOfExperience: number;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { publications: 12 } })
  profile: object;

  @ApiProperty({ example: 'zh-CN' })
  locale: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  consent: object;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  erasedAt: Date | null;
}

export class ReviewDecisionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ReviewDecisionKind, example: ReviewDecisionKind.Advance })
  decision: ReviewDecisionKind;

  @ApiProperty({ type: String, nullable: true, example: 'Strong NLP publications' })
  notes: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { research: 4, fit: 3 },
  })
  scores: Record<string, number>;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}

export class DecidedRegistrationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: Stage, example: Stage.Advanced })
  stage: Stage;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  businessUnitId: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  slaDueAt: Date | null;
}

export class ReviewOutcomeDto {
  @ApiProperty({ type: ReviewDecisionDto })
  decision: ReviewDecisionDto;

  @ApiProperty({ type: DecidedRegistrationDto })
  registration: DecidedRegistrationDto;
}
