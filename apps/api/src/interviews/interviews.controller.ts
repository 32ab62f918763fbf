import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { InterviewsService, Role, StaffActor } from '@hirefair/core';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { Idempotent } from '../common/idempotency.interceptor';
import {
  AvailabilityDto,
  AvailabilityQueryDto,
  AvailabilityResponseDto,
  FeedbackDto,
  InterviewQueryDto,
  OutcomeDto,
} from './dto/interview.dto';

@ApiTags('interviews')
@Controller()
export class InterviewsController {
  constructor(private readonly interviews: InterviewsService) {}

  /** Replaces the interviewer's windows for the event (recruiters: anyone's, with `interviewerId`). */
  @Roles(Role.Recruiter, Role.Interviewer)
  @Put('events/:id/availability')
  availability(@CurrentStaff() actor: StaffActor, @Param('id') id: string, @Body() dto: AvailabilityDto) {
    return this.interviews.setAvailability(actor, id, dto);
  }

  @Roles(Role.Recruiter, Role.Interviewer)
  @Get('events/:id/availability')
  @ApiOperation({ summary: "An interviewer's windows for the event (interviewers: their own)" })
  @ApiOkResponse({ type: AvailabilityResponseDto })
  readAvailability(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Query() query: AvailabilityQueryDto,
  ) {
    return this.interviews.getAvailability(actor, id, query.interviewerId);
  }

  /** Books every advanced, unscheduled candidate of the event it can, in one optimal run (published or closed events). */
  @Roles(Role.Recruiter)
  @Post('events/:id/scheduling-runs')
  @ApiAcceptedResponse({
    description: 'The run is queued: `{id, status: "queued"}`; poll GET /scheduling-runs/:id.',
  })
  @ApiConflictResponse({
    description:
      '`EVENT_NOT_SCHEDULABLE`: only a published or closed event can be scheduled (a draft has no candidates yet; a completed or cancelled event is over).',
  })
  @Idempotent()
  @HttpCode(202)
  startRun(@CurrentStaff() actor: StaffActor, @Param('id') id: string) {
    return this.interviews.createRun(actor, id);
  }

  @Roles(Role.Recruiter)
  @Get('scheduling-runs/:id')
  run(@CurrentStaff() actor: StaffActor, @Param('id') id: string) {
    return this.interviews.getRun(actor, id);
  }

  @Roles(Role.Recruiter, Role.Interviewer)
  @Get('events/:id/interviews')
  list(@CurrentStaff() actor: StaffActor, @Param('id') id: string, @Query() query: InterviewQueryDto) {
    return this.interviews.list(actor, id, query);
  }

  @Roles(Role.Recruiter, Role.Interviewer)
  @Get('interviews/:id')
  get(@CurrentStaff() actor: StaffActor, @Param('id') id: string) {
    return this.interviews.get(actor, id);
  }

  @Roles(Role.Interviewer)
  @Post('interviews/:id/feedback')
  @Idempotent()
  feedback(@CurrentStaff() actor: StaffActor, @Param('id') id: string, @Body() dto: FeedbackDto) {
    return this.interviews.feedback(actor, id, dto);
  }

  @Roles(Role.Recruiter)
  @Post('registrations/:id/outcome')
  @Idempotent()
  @HttpCode(200)
  outcome(@CurrentStaff() actor: StaffActor, @Param('id') id: string, @Body() dto: OutcomeDto) {
    return this.interviews.outcome(actor, id, dto);
  }
}
