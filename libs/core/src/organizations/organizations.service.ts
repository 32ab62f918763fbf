import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor, Role } from '../common/actor';
import { isUniqueViolation } from '../common/db-errors';
import { assertPasswordAcceptable } from '../common/passwords';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { Organization } from './organization.entity';
import { OrganizationsRepository } from './organizations.repository';
import { OrganizationError, OrganizationErrorCode } from './organizations.errors';

export interface NewOrganization {
  name: string;
  slug: string;
  admin: { email: string; name: string; password: string };
}

export const ORGANIZATIONS_SLUG_UNIQUE = 'organizations_slug_unique';

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  /** Creates an organization together with its first org_admin, atomically. */
  async create(actor: Actor, input: NewOrganization): Promise<{ organization: Organization; admin: User }> {
    await assertPasswordAcceptable(input.admin.password, input.admin.email, 'admin.password');
    // Hashed before the transaction: argon2 is CPU work no transaction should wait for.
    const newAdmin = await this.users.withPasswordHash({ ...input.admin, roles: [Role.OrgAdmin] });
    return this.organizations.transaction(async (manager) => {
      let organization: Organization;
      try {
        organization = await this.organizations.insert(manager, {
          name: input.name.trim(),
          slug: input.slug,
        });
      } catch (error) {
        if (isUniqueViolation(error, ORGANIZATIONS_SLUG_UNIQUE)) {
          throw new OrganizationError(OrganizationErrorCode.SlugTaken, `The slug ${input.slug} is taken.`);
        }
        throw error;
      }
      const admin = await this.users.insert(manager, organization.id, newAdmin);
      await this.audit.record(
        actor,
        {
          organizationId: organization.id,
          action: 'organization.created',
          objectType: 'organization',
          objectId: organization.id,
          details: { slug: organization.slug, adminEmail: admin.email },
        },
        manager,
      );
      return { organization, admin };
    });
  }

  findById(id: string): Promise<Organization | null> {
    return this.organizations.findById(id);
  }
}
