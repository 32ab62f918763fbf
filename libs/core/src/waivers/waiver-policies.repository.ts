import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { Registration } from '../registrations/registration.entity';
import { RegistrationStatus } from '../registrations/registration-state';
import { WaiverPolicyVersion } from './waiver-policy.entity';

/** The facts a policy is evaluated on, for a simulation. */
export type SimulatedRegistration = Pick<
  Registration,
  'id' | 'seq' | 'lane' | 'degree' | 'yearsOfExperience' | 'specialties' | 'city' | 'profile'
>;

/** Every statement on `waiver_policy_versions`, and the simulation's read of an event's registrations. */
@Injectable()
export class WaiverPoliciesRepository extends DataSourceRepository {
  /** The version in force for an event, or null when it has none. */
  current(manager: EntityManager, eventId: string): Promise<WaiverPolicyVersion | null> {
    return manager
      .getRepository(WaiverPolicyVersion)
      .findOne({ where: { eventId }, order: { version: 'DESC' } });
  }

  /** Adds a version; two saves of one version number collide on the unique index. */
  addVersion(
    manager: EntityManager,
    version: Pick<WaiverPolicyVersion, 'organizationId' | 'eventId' | 'version' | 'rules' | 'createdBy'>,
  ): Promise<WaiverPolicyVersion> {
    const repo = manager.getRepository(WaiverPolicyVersion);
    return repo.save(repo.create(version));
  }

  /** The event's registrations that are not withdrawn, after `afterSeq` in seq order. */
  registrationsAfter(eventId: string, afterSeq: string, limit: number): Promise<SimulatedRegistration[]> {
    return this.dataSource
      .getRepository(Registration)
      .createQueryBuilder('r')
      .select([
        'r.id',
        'r.seq',
        'r.lane',
        'r.degree',
        'r.yearsOfExperience',
        'r.specialties',
        'r.city',
        'r.profile',
      ])
      .where('r.eventId = :eventId AND r.status <> :withdrawn AND r.seq > :afterSeq', {
        eventId,
        withdrawn: RegistrationStatus.Withdrawn,
        afterSeq,
      })
      .orderBy('r.seq', 'ASC')
      .limit(limit)
      .getMany();
  }
}
