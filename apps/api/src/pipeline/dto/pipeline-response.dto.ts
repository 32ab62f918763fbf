import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Lane, RegistrationStatus, Stage } from '@hirefair/core';
import { RoutingRulesBodyDto, WaiverPolicyBodyDto } from './pipeline.dto';

export class WaiverPolicyResponseDto extends WaiverPolicyBodyDto {
  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ example: 3, description: '0 while the event has no policy (then nobody is waived)' })
  version: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  updatedAt: Date | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  updatedBy: string | null;
}

export class RuleSimulationDto {
  @ApiProperty({ example: 'phd-nlp' })
  name: string;

  @ApiProperty({ example: 42 })
  wouldWaive: number;
}

export class LaneTotalsDto {
  @ApiProperty({ example: 42 })
  fast_track: number;

  @ApiProperty({ example: 170 })
  standard: number;
}

export class LaneChangesDto {
  @ApiProperty({ example: 5 })
  toFastTrack: number;

  @ApiProperty({ example: 1 })
  toStandard: number;
}

export class WaiverSimulationResponseDto {
  @ApiProperty({ type: [RuleSimulationDto] })
  rules: RuleSimulationDto[];

  @ApiProperty({ type: LaneTotalsDto })
  totals: LaneTotalsDto;

  @ApiProperty({ type: LaneChangesDto, description: 'Against the lanes the registrations have now' })
  changes: LaneChangesDto;

  @ApiProperty({ example: 212 })
  evaluated: number;
}

export class RoutingRulesResponseDto extends RoutingRulesBodyDto {
  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  updatedAt: Date | null;
}

export class WaiverDto {
  @ApiProperty({ example: true })
  granted: boolean;

  @ApiProperty({ type: String, nullable: true, example: 'phd-nlp' })
  rule: string | null;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true, example: 3 })
  policyVersion: string | number | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'The recruiter who overrode the decision' })
  overriddenBy?: string;

  @ApiPropertyOptional({ example: 'Strong publications' })
  reason?: string;
}

/** A registration's pipeline state after a recruiter's move. */
export class PipelineResultDto {
  @ApiProperty({ format: 'uuid' })
  registrationId: string;

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

  @ApiProperty({ type: Number, nullable: true, example: 72.5 })
  writtenTestScore: number | null;
}
