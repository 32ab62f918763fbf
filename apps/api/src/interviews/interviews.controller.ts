import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { InterviewsService, Page, Role, StaffActor } from '@hirefair/core';
import { ApiDoc, PageOf } from '../common/api-docs';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { ErrorResponseDto } from '../common/error-response';
import { Idempotent } from '../common/idempotency.interceptor';
import { RegistrationStaffDto } from '../registrations/dto/registration-response.dto';
import { toRegistrationStaffDto } from '../registrations/dto/registration-response.mapper';
import {
  AvailabilityDto,
  AvailabilityQueryDto,
  AvailabilityResponseDto,
  FeedbackDto,
  FeedbackResponseDto,
  InterviewDetailDto,
  InterviewQueryDto,
  InterviewResponseDto,
  InterviewerAvailabilityResponseDto,
  OutcomeDto,
  SchedulingRunDto,
} from './dto/interview.dto';
import { toInterviewDetailDto, toInterviewDto, toSchedulingRunDto } from './dto/interview-response.mapper';

@ApiTags('interviews')
@Controller()
export class InterviewsController {
  constructor(private readonly interviews: InterviewsService) {}

  /** Replaces the interviewer's windows for the event (recruiters: anyone's, with `interviewerId`). */
  @Roles(Role.Recruiter, Role.Interviewer)
  @Put('events/:id/availability')
  @ApiDoc("Replace an interviewer's windows for the event", InterviewerAvailabilityResponseDto, {
    description: "Interviewers set their own windows; recruiters anyone's, naming `interviewerId`.",
  })
  availability(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Body() dto: AvailabilityDto,
  ): Promise<InterviewerAvailabilityResponseDto> {
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
  @ApiOperation({ summary: 'Start a scheduling run that books the advanced, unscheduled candidates' })
  @ApiAcceptedResponse({
    type: SchedulingRunDto,
    description: 'The run is queued: `{id, status: "queued"}`; poll GET /scheduling-runs/:id.',
  })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description:
      '`EVENT_NOT_SCHEDULABLE`: only a published or closed event can be scheduled (a draft has no candidates yet; a completed or cancelled event is over).',
  })
  @Idempotent()
  @HttpCode(202)
  async startRun(@CurrentStaff() actor: StaffActor, @Param('id') id: string): Promise<SchedulingRunDto> {
    return toSchedulingRunDto(await this.interviews.createRun(actor, id));
  }

  @Roles(Role.Recruiter)
  @Get('scheduling-runs/:id')
  @ApiDoc("A scheduling run's status, progress and the candidates it could not book", SchedulingRunDto)
  async run(@CurrentStaff() actor: StaffActor, @Param('id') id: string): Promise<SchedulingRunDto> {
    return toSchedulingRunDto(await this.interviews.getRun(actor, id));
  }

  @Roles(Role.Recruiter, Role.Interviewer)
  @Get('events/:id/interviews')
  @ApiDoc("An event's interviews by start time (interviewers: their own)", PageOf(InterviewResponseDto))
  async list(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Query() query: InterviewQueryDto,
  ): Promise<Page<InterviewResponseDto>> {
    const page = await this.interviews.list(actor, id, query);
    return { items: page.items.map(toInterviewDto), nextCursor: page.nextCursor };
  }

  @Roles(Role.Recruiter, Role.Interviewer)
  @Get('interviews/:id')
  @ApiDoc('One interview with its feedback once recorded', InterviewDetailDto)
  async get(@CurrentStaff() actor: StaffActor, @Param('id') id: string): Promise<InterviewDetailDto> {
    return toInterviewDetailDto(await this.interviews.get(actor, id));
  }

  @Roles(Role.Interviewer)
  @Post('interviews/:id/feedback')
  @ApiDoc("Record the interviewer's feedback; the interview is completed", FeedbackResponseDto, {
    created: true,
  })
  @Idempotent()
  feedback(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Body() dto: FeedbackDto,
  ): Promise<FeedbackResponseDto> {
    return this.interviews.feedback(actor, id, dto);
  }

  @Roles(Role.Recruiter)
  @Post('registrations/:id/outcome')
  @ApiDoc(
    "Record the outcome after the interview (offer or rejected): the registration's new state",
    RegistrationStaffDto,
  )
  @Idempotent()
  @HttpCode(200)
  async outcome(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Body() dto: OutcomeDto,
  ): Promise<RegistrationStaffDto> {
    return toRegistrationStaffDto(await this.interviews.outcome(actor, id, dto));
  }
}
