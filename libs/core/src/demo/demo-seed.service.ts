import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { BusinessUnitsService } from '../business-units/business-units.service';
import { Role } from '../common/actor';
import { hashPassword } from '../common/passwords';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { UsersService } from '../users/users.service';
import { DemoRepository } from './demo.repository';

export const DEMO_ORGANIZATION_SLUG = 'xiaomi-ai-demo';
export const DEMO_PASSWORD = 'hirefair-demo';

export interface DemoLogin {
  email: string;
  roles: Role[];
  unit?: string;
}

export interface DemoSeedResult {
  organizationId: string;
  logins: DemoLogin[];
  summary: string;
}

/** A step that later features append to the demo (an event, its policies, candidates). */
export type DemoExtension = (
  manager: EntityManager,
  demo: { organizationId: string; units: Record<string, string>; users: Record<string, string> },
) => Promise<string[]>;

const UNITS = [
  { code: 'CV', name: 'Computer Vision', specialties: ['computer_vision'] },
  { code: 'DL', name: 'Deep Learning Platform', specialties: ['deep_learning'] },
  { code: 'AD', name: 'Autonomous Driving', specialties: ['autonomous_driving'] },
  { code: 'NLP', name: 'Natural Language Processing', specialties: ['nlp'] },
  { code: 'ROB', name: 'Robotics', specialties: ['robotics'] },
];

const SCORECARD = [
  { criterion: 'research', description: 'Depth of research: publications, awards, open-source work' },
  { criterion: 'engineering', description: 'Turning models into products: code quality, systems' },
  { criterion: 'fit', description: 'Fit with the unit’s roadmap' },
];

/**
 * A demo modelled on the AI experts' fair in the news: one company, five business units that hire
 * computer vision, deep learning, autonomous driving, NLP and robotics experts, a recruiter, and a
 * reviewer and an interviewer per unit. Every login uses the same demo password.
 */
@Injectable()
export class DemoSeedService {
  private readonly extensions: DemoExtension[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: DemoRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly users: UsersService,
    private readonly units: BusinessUnitsService,
  ) {}

  extend(extension: DemoExtension): void {
    this.extensions.push(extension);
  }

  /** At start-up: only where this install loads the demo (DEMO_DATA; off in production unless set). */
  async seedOnStart(): Promise<DemoSeedResult | null> {
    return this.config.demoData ? this.seedIfEmpty() : null;
  }

  /** Seeds only when the database holds no organization yet. */
  async seedIfEmpty(): Promise<DemoSeedResult | null> {
    if (await this.repository.anyOrganization()) return null;
    return this.seed();
  }

  async seed(): Promise<DemoSeedResult | null> {
    // Every demo login shares the published demo password: hashed once, before the transaction
    // (argon2 is CPU work no transaction should wait for).
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    return this.repository.transaction(async (manager) => {
      if (await this.repository.organizationExists(manager, DEMO_ORGANIZATION_SLUG)) return null;
      const organization = await this.organizations.insert(manager, {
        name: 'Xiaomi (demo)',
        slug: DEMO_ORGANIZATION_SLUG,
      });
      const logins: DemoLogin[] = [];
      const userIds: Record<string, string> = {};
      const addUser = async (
        email: string,
        name: string,
        roles: Role[],
        businessUnitIds: string[] = [],
        specialties: string[] = [],
        unit?: string,
      ) => {
        const user = await this.users.insert(manager, organization.id, {
          email,
          name,
          passwordHash,
          roles,
          businessUnitIds,
          specialties,
        });
        userIds[email] = user.id;
        logins.push({ email, roles, unit });
      };
      await addUser('admin@xiaomi.demo', '管理员 Admin', [Role.OrgAdmin]);
      await addUser('recruiter@xiaomi.demo', '王芳 Wang Fang', [Role.Recruiter]);
      const unitIds: Record<string, string> = {};
      for (const u of UNITS) {
        const unit = await this.units.insert(manager, organization.id, {
          name: u.name,
          code: u.code,
          specialties: u.specialties,
          reviewSlaHours: 48,
          dailyInterviewCapacity: 6,
          maxOpenReviews: null,
          scorecard: SCORECARD,
        });
        unitIds[u.code] = unit.id;
        const code = u.code.toLowerCase();
        await addUser(
          `reviewer.${code}@xiaomi.demo`,
          `${u.name} reviewer`,
          [Role.BuReviewer],
          [unit.id],
          [],
          u.code,
        );
        await addUser(
          `interviewer.${code}@xiaomi.demo`,
          `${u.name} interviewer`,
          [Role.Interviewer],
          [unit.id],
          u.specialties,
          u.code,
        );
      }
      const notes: string[] = [];
      for (const extension of this.extensions) {
        notes.push(
          ...(await extension(manager, { organizationId: organization.id, units: unitIds, users: userIds })),
        );
      }
      const summary = [
        `Demo fair loaded: organization "${organization.name}". Logins (password "${DEMO_PASSWORD}"):`,
        ...logins.map((l) => `  ${l.email.padEnd(32)} ${l.roles.join(', ')}${l.unit ? ` (${l.unit})` : ''}`),
        ...notes,
      ].join('\n');
      return { organizationId: organization.id, logins, summary };
    });
  }
}
