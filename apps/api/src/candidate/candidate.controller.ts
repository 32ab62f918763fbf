import { Controller, Delete, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CandidateActor, RegistrationsService } from '@hirefair/core';
import { CandidateRoute, CurrentCandidate, RateLimited } from '../common/auth.decorators';

@ApiTags('candidate')
@CandidateRoute()
@RateLimited()
@Controller('candidate')
export class CandidateController {
  constructor(private readonly registrations: RegistrationsService) {}

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
}
