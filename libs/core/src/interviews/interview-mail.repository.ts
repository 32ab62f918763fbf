import { Injectable } from '@nestjs/common';
import { EntityManager, FindOptionsWhere, In } from 'typeorm';
import { BusinessUnit } from '../business-units/business-unit.entity';
import { DataSourceRepository } from '../common/data-source.repository';
import { HiringEvent } from '../events/event.entity';
import { Candidate } from '../registrations/candidate.entity';
import { Registration } from '../registrations/registration.entity';
import { User } from '../users/user.entity';
import type { Interview } from './interview.entity';

/** What the mails of some interviews name, by id. */
export interface InterviewMailContext {
  registrations: Map<string, Registration>;
  candidates: Map<string, Candidate>;
  events: Map<string, HiringEvent>;
  interviewers: Map<string, User>;
  units: Map<string, BusinessUnit>;
}

/** The reads of the interview mails, through the caller's manager (its transaction queues the mails). */
@Injectable()
export class InterviewMailRepository extends DataSourceRepository {
  /**
   * A few reads for any number of interviews, one after the other: a transaction's connection runs
   * one query at a time.
   */
  async context(manager: EntityManager, interviews: Interview[]): Promise<InterviewMailContext> {
    const byId = async <T extends { id: string }>(entity: new () => T, ids: string[]) =>
      new Map(
        (
          await manager.getRepository(entity).findBy({ id: In([...new Set(ids)]) } as FindOptionsWhere<T>)
        ).map((e) => [e.id, e]),
      );
    const registrations = await byId(
      Registration,
      interviews.map((i) => i.registrationId),
    );
    const candidates = await byId(
      Candidate,
      [...registrations.values()].map((r) => r.candidateId),
    );
    const events = await byId(
      HiringEvent,
      interviews.map((i) => i.eventId),
    );
    const interviewers = await byId(
      User,
      interviews.map((i) => i.interviewerId),
    );
    const units = await byId(
      BusinessUnit,
      interviews.map((i) => i.businessUnitId),
    );
    return { registrations, candidates, events, interviewers, units };
  }
}
