import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { Role } from '../common/actor';
import { isUniqueViolation } from '../common/db-errors';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';

/** Creates the platform admin from the environment on first start; later starts leave it alone. */
@Injectable()
export class PlatformAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger(PlatformAdminService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(User) private readonly userRepo: Repository<User>,
    private readonly users: UsersService,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.ensure();
  }

  async ensure(): Promise<void> {
    const { email, password } = this.config.platformAdmin;
    if (await this.userRepo.exists({ where: { email } })) return;
    try {
      await this.users.insert(this.userRepo.manager, null, {
        email,
        password,
        name: 'Platform admin',
        roles: [Role.PlatformAdmin],
      });
      this.logger.log(`Created platform admin ${email}`);
    } catch (error) {
      // Another process starting at the same moment created it first.
      if (!isUniqueViolation(error)) throw error;
    }
  }
}
