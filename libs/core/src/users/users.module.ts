import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RefreshToken } from './refresh-token.entity';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { AccountMailService } from './account-mail.service';
import { AccountToken } from './account-token.entity';
import { AccountTokensRepository } from './account-tokens.repository';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

const PROVIDERS = [
  UsersService,
  UsersRepository,
  AccountTokensRepository,
  AccountMailService,
  RefreshTokensRepository,
];

@Module({
  imports: [TypeOrmModule.forFeature([User, AccountToken, RefreshToken])],
  providers: PROVIDERS,
  exports: PROVIDERS,
})
export class UsersModule {}
