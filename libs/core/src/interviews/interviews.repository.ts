import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BusinessUnit } from '../business-units/business-unit.entity';
import { DataSourceRepository } from '../common/data-source.repository';
import { Registration } from '../registrations/registration.entity';
import { User } from '../users/user.entity';
import { InterviewFeedback } from './interview-feedback.entity';
import { Interview, InterviewStatus } from './interview.entity';

/** The fields of a feedback row its author gives (id and time are the database's). */
export type NewFeedback = Pick<
  InterviewFeedback,
  'organizationId' | 'interviewId' | 'interviewerId' | 'recommendation' | 'scores' | 'notes'
>;

/**
 * Interview and feedback rows one at a time (the staff's and the candidate's commands), and the
 * rows of other features those commands read or lock: the registration, the unit's
 * scorecard, the interviewer.
 */
@Injectable()
export class InterviewsRepository extends DataSourceRepository {
  /** An interview of the organization; null when there is none (or it is another organization's). */
  inOrganization(manager: EntityManager, organizationId: string, id: string): Promise<Interview | null> {
    return manager.getRepository(Interview).findOneBy({ id, organizationId });
  }

  /** The interview, row-locked for the caller's transaction (its feedback completes it). */
  lockInterview(manager: EntityManager, id: string): Promise<Interview> {
    return manager
      .getRepository(Interview)
      .findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async markCompleted(manager: EntityManager, id: string, endedAt: Date): Promise<void> {
    await manager.getRepository(Interview).update({ id }, { status: InterviewStatus.Completed, endedAt });
  }

  /** Stores the interview's status and confirmation time as the caller set them. */
  async markConfirmed(manager: EntityManager, interview: Interview): Promise<void> {
    await manager
      .getRepository(Interview)
      .update({ id: interview.id }, { status: interview.status, confirmedAt: interview.confirmedAt });
  }

  /** Stores the declined interview's status, version, reason and end as the caller set them. */
  async markDeclined(manager: EntityManager, interview: Interview): Promise<void> {
    await manager.getRepository(Interview).update(
      { id: interview.id },
      {
        status: interview.status,
        version: interview.version,
        statusReason: interview.statusReason,
        endedAt: interview.endedAt,
      },
    );
  }

  feedbackOf(manager: EntityManager, interviewId: string): Promise<InterviewFeedback | null> {
    return manager.getRepository(InterviewFeedback).findOneBy({ interviewId });
  }

  hasFeedback(manager: EntityManager, interviewId: string): Promise<boolean> {
    return manager.getRepository(InterviewFeedback).existsBy({ interviewId });
  }

  insertFeedback(manager: EntityManager, fields: NewFeedback): Promise<InterviewFeedback> {
    const repo = manager.getRepository(InterviewFeedback);
    return repo.save(repo.create(fields));
  }

  /** A user of the organization (the caller checks that they interview); null when there is none. */
  userInOrganization(manager: EntityManager, organizationId: string, id: string): Promise<User | null> {
    return manager.getRepository(User).findOneBy({ id, organizationId });
  }

  /** The interview's unit, for its scorecard. */
  businessUnit(manager: EntityManager, id: string): Promise<BusinessUnit> {
    return manager.getRepository(BusinessUnit).findOneByOrFail({ id });
  }

  registration(manager: EntityManager, id: string): Promise<Registration> {
    return manager.getRepository(Registration).findOneByOrFail({ id });
  }

  /**
   * The registration, row-locked for the caller's transaction before its interview (the order a
   * withdrawal locks them in).
   */
  lockRegistration(manager: EntityManager, id: string): Promise<Registration> {
    return manager
      .getRepository(Registration)
      .findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * A registration of the organization with its candidate, the registration's row locked (not the
   * candidate's) for the caller's transaction; null when there is none.
   */
  lockRegistrationInOrganization(
    manager: EntityManager,
    organizationId: string,
    id: string,
  ): Promise<Registration | null> {
    return manager.getRepository(Registration).findOne({
      where: { id, organizationId },
      relations: { candidate: true },
      lock: { mode: 'pessimistic_write', tables: ['registrations'] },
    });
  }
}
