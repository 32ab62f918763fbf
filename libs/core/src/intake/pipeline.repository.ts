import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { StaffActor } from '../common/actor';
import { DataSourceRepository } from '../common/data-source.repository';
import { findInOrganization } from '../common/tenancy';
import { Registration, Waiver } from '../registrations/registration.entity';
import { Lane } from '../registrations/registration-state';
import { RegistrationErrorCode } from '../registrations/registrations.errors';

/**
 * The recruiters' pipeline actions on a registration: its row lock, and the columns only these
 * actions write (the written test score, a waiver overridden by hand with its lane).
 */
@Injectable()
export class PipelineRepository extends DataSourceRepository {
  /** The registration of the actor's organization, row-locked (404 REGISTRATION_NOT_FOUND otherwise). */
  lockForActor(manager: EntityManager, actor: StaffActor, id: string): Promise<Registration> {
    return findInOrganization(
      manager.getRepository(Registration),
      actor,
      id,
      'Registration',
      RegistrationErrorCode.NotFound,
      { lock: true },
    );
  }

  async setWrittenTestScore(manager: EntityManager, id: string, score: number): Promise<void> {
    await manager.getRepository(Registration).update({ id }, { writtenTestScore: score });
  }

  async setWaiver(manager: EntityManager, id: string, lane: Lane, waiver: Waiver): Promise<void> {
    await manager.getRepository(Registration).update({ id }, { lane, waiver });
  }
}
