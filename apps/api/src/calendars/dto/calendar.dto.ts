import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUrl, MaxLength } from 'class-validator';

export class CalendarFeedDto {
  /** The iCalendar feed (http or https); fetched now and then periodically. */
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  feedUrl: string;
}

export class BusyIntervalDto {
  startsAt: Date;
  endsAt: Date;
}

export class CalendarResponseDto {
  @ApiProperty({ type: String, nullable: true, description: 'null for an uploaded file' })
  feedUrl: string | null;
  @ApiProperty({ type: Date, nullable: true, description: 'When the busy times were last read' })
  fetchedAt: Date | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The last fetch's failure; the busy times are the last good ones",
  })
  error: string | null;
  @ApiProperty({ type: [BusyIntervalDto] })
  busy: BusyIntervalDto[];
}
