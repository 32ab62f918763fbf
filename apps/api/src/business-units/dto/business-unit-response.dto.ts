import { ApiProperty } from '@nestjs/swagger';
import { BusinessUnit, Role, User } from '@hirefair/core';

export class ScorecardCriterionDto {
  @ApiProperty({ example: 'research' })
  criterion: string;

  @ApiProperty({ example: 'Depth of research: publications, awards, open-source work' })
  description: string;
}

export class BusinessUnitResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  organizationId: string;

  @ApiProperty({ example: 'Computer Vision' })
  name: string;

  @ApiProperty({ example: 'CV' })
  code: string;

  @ApiProperty({ example: ['computer_vision'] })
  specialties: string[];

  @ApiProperty({ example: 48 })
  reviewSlaHours: number;

  @ApiProperty({ example: 12 })
  dailyInterviewCapacity: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 30,
    description: 'Routing skips the unit at this many open reviews',
  })
  maxOpenReviews: number | null;

  @ApiProperty({ type: [ScorecardCriterionDto] })
  scorecard: ScorecardCriterionDto[];

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}

export function toBusinessUnitResponse(unit: BusinessUnit): BusinessUnitResponseDto {
  return {
    id: unit.id,
    organizationId: unit.organizationId,
    name: unit.name,
    code: unit.code,
    specialties: unit.specialties,
    reviewSlaHours: unit.reviewSlaHours,
    dailyInterviewCapacity: unit.dailyInterviewCapacity,
    maxOpenReviews: unit.maxOpenReviews,
    scorecard: unit.scorecard,
    createdAt: unit.createdAt,
    updatedAt: unit.updatedAt,
  };
}

/** A reviewer or interviewer of the unit. */
export class UnitMemberDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  organizationId: string | null;

  @ApiProperty({ example: 'reviewer.cv@example.com' })
  email: string;

  @ApiProperty({ example: 'Li Wei' })
  name: string;

  @ApiProperty({ enum: Role, isArray: true, example: [Role.BuReviewer] })
  roles: Role[];

  @ApiProperty({ type: [String], format: 'uuid' })
  businessUnitIds: string[];

  @ApiProperty({ example: ['computer_vision'] })
  specialties: string[];

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}

export function toUnitMember(user: User): UnitMemberDto {
  return {
    id: user.id,
    organizationId: user.organizationId,
    email: user.email,
    name: user.name,
    roles: user.roles,
    businessUnitIds: user.businessUnitIds,
    specialties: user.specialties,
    createdAt: user.createdAt,
  };
}
