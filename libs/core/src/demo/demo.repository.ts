import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { Role } from '../common/actor';
import { Organization } from '../organizations/organization.entity';

export interface DemoUserRow {
  email: string;
  roles: Role[];
}

@Injectable()
export class DemoRepository extends DataSourceRepository {
  /** Whether the database holds any organization. */
  async anyOrganization(): Promise<boolean> {
    return (await this.dataSource.getRepository(Organization).count()) > 0;
  }

  organizationExists(manager: EntityManager, slug: string): Promise<boolean> {
    return manager.getRepository(Organization).exists({ where: { slug } });
  }

  /** The users of the demo organization, oldest first (admin, recruiter, then per unit); null without it. */
  async users(organizationSlug: string): Promise<DemoUserRow[] | null> {
    const rows: { email: string | null; roles: Role[] | null }[] = await this.dataSource.query(
      `SELECT u.email, u.roles FROM organizations o
         LEFT JOIN users u ON u.organization_id = o.id
        WHERE o.slug = $1
        ORDER BY u.created_at, u.email`,
      [organizationSlug],
    );
    if (rows.length === 0) return null;
    return rows.filter((r) => r.email !== null).map((r) => ({ email: r.email!, roles: r.roles ?? [] }));
  }
}
