import { Injectable } from '@nestjs/common';
import { EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { BusinessUnit } from '../business-units/business-unit.entity';
import { DataSourceRepository } from '../common/data-source.repository';
import { Role } from '../common/actor';
import { User, UserStatus } from './user.entity';

export interface UserFilter {
  organizationId: string | null;
  role?: Role;
  businessUnitId?: string;
}

export type UserChanges = Partial<
  Pick<User, 'name' | 'roles' | 'businessUnitIds' | 'specialties' | 'status' | 'passwordHash'>
>;

/** Every statement on `users`; the manager passed in is the caller's transaction. */
@Injectable()
export class UsersRepository extends DataSourceRepository {
  private get users(): Repository<User> {
    return this.dataSource.getRepository(User);
  }

  async insert(manager: EntityManager, user: Partial<User>): Promise<User> {
    const row = manager.getRepository(User).create(user);
    await manager.getRepository(User).insert(row);
    delete (row as Partial<User>).passwordHash;
    return row;
  }

  /** How many of `ids` are business units of the organization. */
  countBusinessUnits(manager: EntityManager, organizationId: string | null, ids: string[]): Promise<number> {
    return manager
      .getRepository(BusinessUnit)
      .count({ where: { id: In(ids), organizationId: organizationId ?? undefined } });
  }

  emailExists(email: string): Promise<boolean> {
    return this.users.exists({ where: { email } });
  }

  /** The users (reviewers, interviewers) who belong to a unit of the organization. */
  unitMembersQuery(organizationId: string, businessUnitId: string): SelectQueryBuilder<User> {
    return this.users
      .createQueryBuilder('u')
      .where('u.organizationId = :org AND :unit = ANY(u.businessUnitIds)', {
        org: organizationId,
        unit: businessUnitId,
      });
  }

  listQuery(filter: UserFilter): SelectQueryBuilder<User> {
    const qb = this.users
      .createQueryBuilder('u')
      .where('u.organizationId = :org', { org: filter.organizationId });
    if (filter.role) qb.andWhere(':role = ANY(u.roles)', { role: filter.role });
    if (filter.businessUnitId) qb.andWhere(':bu = ANY(u.businessUnitIds)', { bu: filter.businessUnitId });
    return qb;
  }

  /** The user with this email and its password hash (null while invited). */
  findByEmailWithPassword(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email })
      .getOne();
  }

  findByIdWithPassword(id: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id })
      .getOne();
  }

  findById(id: string, manager: EntityManager = this.manager): Promise<User | null> {
    return manager.getRepository(User).findOne({ where: { id } });
  }

  /** Locks the row: status changes and password changes of one user are serialized. */
  findForUpdate(manager: EntityManager, id: string): Promise<User | null> {
    return manager.getRepository(User).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(manager: EntityManager, id: string, changes: UserChanges): Promise<void> {
    await manager.getRepository(User).update({ id }, changes);
  }

  /** Sets a new password; an invited user becomes active, an inactive one stays inactive. */
  async setPassword(manager: EntityManager, id: string, passwordHash: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(User)
      .set({
        passwordHash,
        status: () =>
          `CASE WHEN status = '${UserStatus.Invited}' THEN '${UserStatus.Active}' ELSE status END`,
      })
      .where('id = :id', { id })
      .execute();
  }
}
