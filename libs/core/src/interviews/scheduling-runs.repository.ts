import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { SchedulingRun, SchedulingRunStatus } from './scheduling-run.entity';

/** Scheduling runs as the staff ask for and read them (the run's own steps: InterviewBookingRepository). */
@Injectable()
export class SchedulingRunsRepository extends DataSourceRepository {
  /** A new queued run of the event, requested by `requestedBy`. */
  insertQueued(
    manager: EntityManager,
    fields: Pick<SchedulingRun, 'organizationId' | 'eventId' | 'requestedBy'>,
  ): Promise<SchedulingRun> {
    const repo = manager.getRepository(SchedulingRun);
    return repo.save(repo.create({ ...fields, status: SchedulingRunStatus.Queued }));
  }

  /** A run of the organization; null when there is none (or it is another organization's). */
  inOrganization(organizationId: string, id: string): Promise<SchedulingRun | null> {
    return this.manager.getRepository(SchedulingRun).findOneBy({ id, organizationId });
  }
}
