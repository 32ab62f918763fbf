import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { CalendarView, CalendarsService, Role, StaffActor } from '@hirefair/core';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { CalendarInputPipe } from './calendar-input.pipe';
import { CalendarFeedDto, CalendarResponseDto } from './dto/calendar.dto';

@ApiTags('users')
@ApiExtraModels(CalendarFeedDto)
@Controller('users/:id/calendar')
export class CalendarsController {
  constructor(private readonly calendars: CalendarsService) {}

  @Roles(Role.OrgAdmin, Role.Recruiter, Role.Interviewer)
  @Get()
  @ApiOperation({ summary: "Read a user's calendar feed and the busy times taken out of their windows" })
  @ApiOkResponse({ type: CalendarResponseDto })
  get(@CurrentStaff() actor: StaffActor, @Param('id') id: string): Promise<CalendarView> {
    return this.calendars.get(actor, id);
  }

  @Roles(Role.OrgAdmin, Role.Recruiter, Role.Interviewer)
  @Put()
  @ApiOperation({
    summary: "Set a user's calendar: an iCalendar feed URL, or an uploaded .ics (text/calendar)",
  })
  @ApiConsumes('application/json', 'text/calendar')
  @ApiBody({ schema: { oneOf: [{ $ref: getSchemaPath(CalendarFeedDto) }, { type: 'string' }] } })
  @ApiOkResponse({ type: CalendarResponseDto })
  put(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Body(CalendarInputPipe) input: { feedUrl: string } | { ics: string },
  ): Promise<CalendarView> {
    return this.calendars.put(actor, id, input);
  }
}
