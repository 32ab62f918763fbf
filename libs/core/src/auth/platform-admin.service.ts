import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { Role } from '../common/actor';
import { UserError, UserErrorCode } from '../users/users.errors';
import { UsersRepository } from '../users/users.repository';
import { UsersService } from '../users/users.service';

/** Creates the platform admin from the environment on first start; later starts leave it alone. */
@Injectable()
export class PlatformAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger(PlatformAdminService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly userRows: UsersRepository,
    private readonly users: UsersService,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.ensure();
  }

  async ensure(): Promise<void> {
    const { email, password } = this.config.platformAdmin;
    if (await this.userRows.emailExists(email)) return;
    try {
      await this.users.insert(
        this.userRows.manager,
        null,
        await this.users.withPasswordHash({
          email,
          password,
          name: 'Platform admin',
          roles: [Role.PlatformAdmin],
        }),
      );
      this.logger.log(`Created platform admin ${email}`);
    } catch (error) {
      // Another process starting at the same moment created it first.
      if (!(error instanceof UserError && error.code === UserErrorCode.EmailTaken)) throw error;
    }
  }
}
