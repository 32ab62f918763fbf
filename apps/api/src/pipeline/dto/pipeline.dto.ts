import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNumber, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';

export class WaiverOverrideDto {
  @IsIn(['granted', 'denied'])
  decision: 'granted' | 'denied';

  /** Why; kept in the timeline and the audit log. */
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

export class WrittenTestDto {
  /** Compared with the event's writtenTestPassScore. */
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  score: number;
}

export class ManualRouteDto {
  @IsUUID()
  businessUnitId: string;

  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

/** The waiver condition language (docs/api.md, "Waiver conditions"). */
export class WaiverPolicyBodyDto {
  @ApiProperty({
    example: [
      {
        name: 'phd-nlp',
        when: {
          all: [
            { field: 'degree', op: 'eq', value: 'phd' },
            { field: 'specialties', op: 'contains', value: 'nlp' },
          ],
        },
        waive: true,
      },
    ],
  })
  rules: unknown[];
}

export class RoutingRulesBodyDto {
  @ApiProperty({ enum: ['least_loaded', 'weighted'] })
  strategy: string;

  @ApiProperty({
    example: [{ specialty: 'nlp', businessUnitId: '00000000-0000-0000-0000-000000000000', weight: 1 }],
  })
  rules: unknown[];
}
