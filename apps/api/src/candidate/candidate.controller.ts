import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CandidateActor,
  CandidateInterviewsService,
  InterviewOptionsService,
  RegistrationsService,
} from '@hirefair/core';
import { CandidateRoute, CurrentCandidate, RateLimited } from '../common/auth.decorators';
import { ApiDoc } from '../common/api-docs';
import { ErrorResponseDto } from '../common/error-response';
import { Idempotent } from '../common/idempotency.interceptor';
import { toInterviewDto } from '../interviews/dto/interview-response.mapper';
import {
  CandidateDataExportDto,
  CandidateRegistrationViewDto,
  WithdrawalDto,
} from './dto/candidate-response.dto';
import { toCandidateRegistrationViewDto, toDataExportDto } from './dto/candidate-response.mapper';
import {
  CandidateAvailabilityDto,
  CandidateAvailabilityResponseDto,
  CandidateInterviewActionDto,
  CandidateRescheduleDto,
  InterviewOptionsDto,
  InterviewResponseDto,
  RescheduledInterviewDto,
} from '../interviews/dto/interview.dto';

@ApiTags('candidate')
@CandidateRoute()
@RateLimited()
@Controller('candidate')
export class CandidateController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly interviews: CandidateInterviewsService,
    private readonly options: InterviewOptionsService,
  ) {}

  @Get('registration')
  @ApiDoc(
    "The candidate's own registration: status, lane, unit, check-in code, interview, next step",
    CandidateRegistrationViewDto,
  )
  async registration(@CurrentCandidate() actor: CandidateActor): Promise<CandidateRegistrationViewDto> {
    return toCandidateRegistrationViewDto(await this.registrations.candidateView(actor));
  }

  @Get('data-export')
  @ApiDoc('Every stored fact about the candidate, as JSON', CandidateDataExportDto)
  async dataExport(@CurrentCandidate() actor: CandidateActor): Promise<CandidateDataExportDto> {
    return toDataExportDto(await this.registrations.dataExport(actor));
  }

  /** Withdraws and erases personal data. */
  @Delete('registration')
  @ApiDoc("Withdraw from the event and erase the candidate's personal data", WithdrawalDto)
  withdraw(@CurrentCandidate() actor: CandidateActor): Promise<WithdrawalDto> {
    return this.registrations.withdrawAndErase(actor);
  }

  /** When the candidate can be interviewed; an empty list means any time. */
  @Put('availability')
  @ApiDoc(
    "Replace the candidate's windows for an interview (none = any time)",
    CandidateAvailabilityResponseDto,
  )
  availability(
    @CurrentCandidate() actor: CandidateActor,
    @Body() dto: CandidateAvailabilityDto,
  ): Promise<CandidateAvailabilityResponseDto> {
    return this.interviews.setCandidateAvailability(actor, dto.slots);
  }

  @Post('interview/confirm')
  @ApiDoc('Confirm the booked interview (a repeat answers the confirmed interview)', InterviewResponseDto)
  @Idempotent()
  @HttpCode(200)
  async confirm(@CurrentCandidate() actor: CandidateActor): Promise<InterviewResponseDto> {
    return toInterviewDto(await this.interviews.confirm(actor));
  }

  /** Frees the slot; the registration goes back to advanced. */
  @Post('interview/decline')
  @ApiDoc('Decline the booked interview: the slot is freed', InterviewResponseDto)
  @Idempotent()
  @HttpCode(200)
  async decline(
    @CurrentCandidate() actor: CandidateActor,
    @Body() dto: CandidateInterviewActionDto,
  ): Promise<InterviewResponseDto> {
    return toInterviewDto(await this.interviews.decline(actor, dto.reason));
  }

  @Get('interview/options')
  @ApiOperation({ summary: 'Up to 20 free slots that fit the candidate, the same interviewer first' })
  @ApiOkResponse({ type: InterviewOptionsDto })
  interviewOptions(@CurrentCandidate() actor: CandidateActor) {
    return this.options.options(actor);
  }

  /**
   * With `startsAt` (one of the options), takes that slot now; without it, books the best new slot
   * through the queue (the same interviewer when possible). The old slot is freed once the new one is held.
   */
  @Post('interview/reschedule')
  @ApiOperation({ summary: 'Move the interview: to a chosen option, or to the best free slot' })
  @ApiOkResponse({ type: RescheduledInterviewDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: '`SLOT_TAKEN`: someone else got that time first.',
  })
  @Idempotent()
  @HttpCode(200)
  async reschedule(
    @CurrentCandidate() actor: CandidateActor,
    @Body() dto: CandidateRescheduleDto,
  ): Promise<RescheduledInterviewDto> {
    const view = await this.options.reschedule(actor, dto);
    return 'rescheduleRequested' in view
      ? { ...toInterviewDto(view), rescheduleRequested: view.rescheduleRequested === true }
      : toInterviewDto(view);
  }
}
