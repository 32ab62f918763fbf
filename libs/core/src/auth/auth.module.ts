import { Module, OnModuleInit } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { ReconcilerService } from '../maintenance/reconciler.service';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UsersModule } from '../users/users.module';
import { AuthService } from './auth.service';
import { InvitationsService } from './invitations.service';
import { LoginAttempts } from './login-attempts';
import { PasswordResetRequest } from './password-reset-request.entity';
import { PasswordResetRequestsRepository } from './password-reset-requests.repository';
import { PasswordResetService } from './password-reset.service';
import { PlatformAdminService } from './platform-admin.service';

const SERVICES = [AuthService, PlatformAdminService, PasswordResetService, InvitationsService, LoginAttempts];

@Module({
  imports: [
    UsersModule,
    OrganizationsModule,
    TypeOrmModule.forFeature([PasswordResetRequest]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwt.secret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  providers: [...SERVICES, PasswordResetRequestsRepository],
  exports: SERVICES,
})
export class AuthModule implements OnModuleInit {
  constructor(
    private readonly reconciler: ReconcilerService,
    private readonly resets: PasswordResetService,
  ) {}

  onModuleInit(): void {
    this.reconciler.register('password-resets', () => this.resets.reconcile());
  }
}
