import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UsersModule } from '../users/users.module';
import { AuthService } from './auth.service';
import { InvitationsService } from './invitations.service';
import { LoginAttempts } from './login-attempts';
import { PasswordResetService } from './password-reset.service';
import { PlatformAdminService } from './platform-admin.service';

const SERVICES = [AuthService, PlatformAdminService, PasswordResetService, InvitationsService, LoginAttempts];

@Module({
  imports: [
    UsersModule,
    OrganizationsModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwt.secret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  providers: SERVICES,
  exports: SERVICES,
})
export class AuthModule {}
