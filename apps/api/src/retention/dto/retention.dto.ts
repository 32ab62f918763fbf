import { IsInt, Max, Min } from 'class-validator';

export class RetentionDto {
  /** Days after an event completes before its candidates' personal data is erased. */
  @IsInt()
  @Min(1)
  @Max(3650)
  days: number;
}
