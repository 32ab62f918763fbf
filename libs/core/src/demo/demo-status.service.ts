import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { Role } from '../common/actor';
import { DEMO_ORGANIZATION_SLUG, DEMO_PASSWORD } from './demo-seed.service';
import { DemoRepository } from './demo.repository';

export interface DemoStatus {
  loaded: boolean;
  logins: { email: string; password: string; role: Role }[];
}

/**
 * What the sign-in page may show. The demo counts as loaded only where this install loads it
 * (DEMO_DATA, off in production unless set) and its organization exists; otherwise no login leaks.
 */
@Injectable()
export class DemoStatusService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: DemoRepository,
  ) {}

  async status(): Promise<DemoStatus> {
    const users = this.config.demoData ? await this.repository.users(DEMO_ORGANIZATION_SLUG) : null;
    if (!users) return { loaded: false, logins: [] };
    return {
      loaded: true,
      logins: users.map((u) => ({ email: u.email, password: DEMO_PASSWORD, role: u.roles[0] })),
    };
  }
}
