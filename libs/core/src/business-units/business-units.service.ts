import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { StaffActor } from '../common/actor';
import { isUniqueViolation } from '../common/db-errors';
import { Page, PageQuery, paginate } from '../common/pagination';
import { findInOrganization, organizationOf } from '../common/tenancy';
import { User } from '../users/user.entity';
import { BusinessUnit, ScorecardCriterion } from './business-unit.entity';
import { BusinessUnitError, BusinessUnitErrorCode } from './business-units.errors';

export interface BusinessUnitInput {
  name: string;
  code: string;
  specialties: string[];
  reviewSlaHours: number;
  dailyInterviewCapacity: number;
  maxOpenReviews?: number | null;
  scorecard?: ScorecardCriterion[];
}

export const BUSINESS_UNITS_CODE_UNIQUE = 'business_units_org_code_unique';

@Injectable()
export class BusinessUnitsService {
  constructor(
    @InjectRepository(BusinessUnit) private readonly units: Repository<BusinessUnit>,
    private readonly audit: AuditService,
  ) {}

  async create(actor: StaffActor, input: BusinessUnitInput): Promise<BusinessUnit> {
    const organizationId = organizationOf(actor);
    return this.units.manager.transaction(async (manager) => {
      const unit = await this.insert(manager, organizationId, input);
      await this.audit.record(
        actor,
        { organizationId, action: 'business_unit.created', objectType: 'business_unit', objectId: unit.id },
        manager,
      );
      return unit;
    });
  }

  async insert(
    manager: EntityManager,
    organizationId: string,
    input: BusinessUnitInput,
  ): Promise<BusinessUnit> {
    const repo = manager.getRepository(BusinessUnit);
    const unit = repo.create({
      organizationId,
      ...input,
      specialties: [...new Set(input.specialties)],
      maxOpenReviews: input.maxOpenReviews ?? null,
      scorecard: input.scorecard ?? [],
    });
    await this.translateConflicts(() => repo.save(unit));
    return unit;
  }

  list(actor: StaffActor, query: PageQuery): Promise<Page<BusinessUnit>> {
    const qb = this.units
      .createQueryBuilder('bu')
      .where('bu.organizationId = :org', { org: organizationOf(actor) });
    return paginate(qb, query);
  }

  get(actor: StaffActor, id: string): Promise<BusinessUnit> {
    return findInOrganization(this.units, actor, id, 'Business unit', BusinessUnitErrorCode.NotFound);
  }

  /** The unit's reviewers and interviewers. */
  async members(actor: StaffActor, id: string, query: PageQuery): Promise<Page<User>> {
    const unit = await this.get(actor, id);
    const qb = this.units.manager
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.organizationId = :org AND :unit = ANY(u.businessUnitIds)', {
        org: unit.organizationId,
        unit: unit.id,
      });
    return paginate(qb, query);
  }

  async update(actor: StaffActor, id: string, patch: Partial<BusinessUnitInput>): Promise<BusinessUnit> {
    return this.units.manager.transaction(async (manager) => {
      const unit = await findInOrganization(
        manager.getRepository(BusinessUnit),
        actor,
        id,
        'Business unit',
        BusinessUnitErrorCode.NotFound,
      );
      const before = { ...unit };
      Object.assign(unit, patch);
      if (patch.specialties) unit.specialties = [...new Set(patch.specialties)];
      await this.translateConflicts(() => manager.getRepository(BusinessUnit).save(unit));
      const changed = Object.keys(patch).filter(
        (k) =>
          JSON.stringify(before[k as keyof BusinessUnit]) !== JSON.stringify(unit[k as keyof BusinessUnit]),
      );
      await this.audit.record(
        actor,
        {
          organizationId: unit.organizationId,
          action: 'business_unit.updated',
          objectType: 'business_unit',
          objectId: unit.id,
          details: { changed },
        },
        manager,
      );
      return unit;
    });
  }

  private async translateConflicts<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error, BUSINESS_UNITS_CODE_UNIQUE)) {
        throw new BusinessUnitError(
          BusinessUnitErrorCode.CodeTaken,
          'Another business unit of this organization has this code.',
        );
      }
      throw error;
    }
  }
}
