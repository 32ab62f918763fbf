import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { HiringEvent } from '../events/event.entity';
import { Candidate } from '../registrations/candidate.entity';
import { PipelineMailExtra, RegistrationMailTemplate } from '../registrations/mail-templates';
import { RegistrationMailService } from '../registrations/registration-mail.service';
import { Registration } from '../registrations/registration.entity';

/** Tells the candidate about a visible step of their pipeline, in their language, with their link. */
@Injectable()
export class PipelineMailService {
  constructor(private readonly mail: RegistrationMailService) {}

  async tell(
    manager: EntityManager,
    registration: Registration,
    template: RegistrationMailTemplate,
    extra: PipelineMailExtra = {},
  ): Promise<void> {
    const candidate =
      registration.candidate ??
      (await manager.getRepository(Candidate).findOneByOrFail({ id: registration.candidateId }));
    if (candidate.erasedAt) return;
    const event = await manager.getRepository(HiringEvent).findOneByOrFail({ id: registration.eventId });
    await this.mail.queue(
      manager,
      template,
      {
        registrationId: registration.id,
        organizationId: registration.organizationId,
        email: candidate.email,
        name: candidate.name,
        locale: registration.locale,
        checkInCode: registration.checkInCode,
        event,
      },
      { extra },
    );
  }
}
