import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { Registration, Waiver } from '../registrations/registration.entity';
import { Lane } from '../registrations/registration-state';

/**
 * The columns of a registration only the recruiters' pipeline actions write (the written test
 * score, a waiver overridden by hand with its lane).
 */
@Injectable()
export class PipelineRepository extends DataSourceRepository {
  async setWrittenTestScore(manager: EntityManager, id: string, score: number): Promise<void> {
    await manager.getRepository(Registration).update({ id }, { writtenTestScore: score });
  }

  async setWaiver(manager: EntityManager, id: string, lane: Lane, waiver: Waiver): Promise<void> {
    await manager.getRepository(Registration).update({ id }, { lane, waiver });
  }
}
