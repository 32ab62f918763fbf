import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { BusinessUnit } from '../business-units/business-unit.entity';
import { Role, StaffActor } from '../common/actor';
import { isUniqueViolation } from '../common/db-errors';
import { ErrorKind } from '../common/domain-error';
import { Page, PageQuery, paginate } from '../common/pagination';
import { hashPassword } from '../common/passwords';
import { organizationOf } from '../common/tenancy';
import { User } from './user.entity';
import { UserError, UserErrorCode } from './users.errors';

export interface NewUser {
  email: string;
  name: string;
  password: string;
  roles: Role[];
  businessUnitIds?: string[];
  specialties?: string[];
}

export interface UserQuery extends PageQuery {
  role?: Role;
  businessUnitId?: string;
}

export const USERS_EMAIL_UNIQUE = 'users_email_unique';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly audit: AuditService,
  ) {}

  async create(actor: StaffActor, input: NewUser): Promise<User> {
    const organizationId = organizationOf(actor);
    return this.users.manager.transaction(async (manager) => {
      const user = await this.insert(manager, organizationId, input);
      await this.audit.record(
        actor,
        {
          organizationId,
          action: 'user.created',
          objectType: 'user',
          objectId: user.id,
          details: { email: user.email, roles: user.roles, businessUnitIds: user.businessUnitIds },
        },
        manager,
      );
      return user;
    });
  }

  /** Inserts a user of an organization; shared by user creation, organization creation and the demo seed. */
  async insert(manager: EntityManager, organizationId: string | null, input: NewUser): Promise<User> {
    const businessUnitIds = [...new Set(input.businessUnitIds ?? [])];
    if (businessUnitIds.length > 0) {
      const found = await manager.getRepository(BusinessUnit).count({
        where: { id: In(businessUnitIds), organizationId: organizationId ?? undefined },
      });
      if (found !== businessUnitIds.length) {
        throw new UserError(
          UserErrorCode.UnknownBusinessUnit,
          'businessUnitIds names a business unit that does not exist in this organization.',
          ErrorKind.NotFound,
        );
      }
    }
    const user = manager.getRepository(User).create({
      organizationId,
      email: input.email.trim().toLowerCase(),
      name: input.name.trim(),
      passwordHash: await hashPassword(input.password),
      roles: [...new Set(input.roles)],
      businessUnitIds,
      specialties: [...new Set(input.specialties ?? [])],
    });
    try {
      await manager.getRepository(User).insert(user);
    } catch (error) {
      if (isUniqueViolation(error, USERS_EMAIL_UNIQUE)) {
        throw new UserError(UserErrorCode.EmailTaken, `A user with email ${user.email} already exists.`);
      }
      throw error;
    }
    delete (user as Partial<User>).passwordHash;
    return user;
  }

  async list(actor: StaffActor, query: UserQuery): Promise<Page<User>> {
    const qb = this.users
      .createQueryBuilder('u')
      .where('u.organizationId = :org', { org: organizationOf(actor) });
    if (query.role) qb.andWhere(':role = ANY(u.roles)', { role: query.role });
    if (query.businessUnitId) qb.andWhere(':bu = ANY(u.businessUnitIds)', { bu: query.businessUnitId });
    return paginate(qb, query);
  }

  findForLogin(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: email.trim().toLowerCase() })
      .getOne();
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOne({ where: { id } });
  }
}
