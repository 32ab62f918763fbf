import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CandidateActor, InterviewsService, RegistrationsService } from '@hirefair/core';
import { CandidateRoute, CurrentCandidate, RateLimited } from '../common/auth.decorators';
import { Idempotent } from '../common/idempotency.interceptor';
import { CandidateAvailabilityDto, CandidateInterviewActionDto } from '../interviews/dto/interview.dto';

@ApiTags('candidate')
@CandidateRoute()
@RateLimited()
@Controller('candidate')
export class CandidateController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly interviews: InterviewsService,
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

  /** Books the best new slot through the queue (the same interviewer when possible), then frees this one. */
  @Post('interview/reschedule')
  @Idempotent()
  @HttpCode(200)
  reschedule(@CurrentCandidate() actor: CandidateActor, @Body() dto: CandidateInterviewActionDto) {
    return this.interviews.reschedule(actor, dto.reason);
  }
}
