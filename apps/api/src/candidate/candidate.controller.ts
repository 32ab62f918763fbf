import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CandidateActor,
  CandidateInterviewsService,
  InterviewOptionsService,
  RegistrationsService,
} from '@hirefair/core';
import { CandidateRoute, CurrentCandidate, RateLimited } from '../common/auth.decorators';
import { Idempotent } from '../common/idempotency.interceptor';
import {
  CandidateAvailabilityDto,
  CandidateInterviewActionDto,
  CandidateRescheduleDto,
  InterviewOptionsDto,
  InterviewResponseDto,
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
  registration(@CurrentCandidate() actor: CandidateActor) {
    return this.registrations.candidateView(actor);
  }

  @Get('data-export')
  dataExport(@CurrentCandidate() actor: CandidateActor) {
    return this.registrations.dataExport(actor);
  }

  /** Withdraws and erases personal data. */
  @Delete('registration')
  withdraw(@CurrentCandidate() actor: CandidateActor) {
    return this.registrations.withdrawAndErase(actor);
  }

  /** When the candidate can be interviewed; an empty list means any time. */
  @Put('availability')
  availability(@CurrentCandidate() actor: CandidateActor, @Body() dto: CandidateAvailabilityDto) {
    return this.interviews.setCandidateAvailability(actor, dto.slots);
  }

  @Post('interview/confirm')
  @Idempotent()
  @HttpCode(200)
  confirm(@CurrentCandidate() actor: CandidateActor) {
    return this.interviews.confirm(actor);
  }

  /** Frees the slot; the registration goes back to advanced. */
  @Post('interview/decline')
  @Idempotent()
  @HttpCode(200)
  decline(@CurrentCandidate() actor: CandidateActor, @Body() dto: CandidateInterviewActionDto) {
    return this.interviews.decline(actor, dto.reason);
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
  @ApiOkResponse({ type: InterviewResponseDto })
  @ApiConflictResponse({ description: '`SLOT_TAKEN`: someone else got that time first.' })
  @Idempotent()
  @HttpCode(200)
  reschedule(@CurrentCandidate() actor: CandidateActor, @Body() dto: CandidateRescheduleDto) {
    return this.options.reschedule(actor, dto);
  }
}
