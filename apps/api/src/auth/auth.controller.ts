import { Body, Controller, Get, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthService, InvitationsService, PasswordResetService, StaffActor } from '@hirefair/core';
import { CurrentStaff, Public, RateLimited, Roles } from '../common/auth.decorators';
import {
  ChangePasswordDto,
  LoginDto,
  MeDto,
  PasswordResetAcceptedDto,
  PasswordResetDoneDto,
  PasswordResetRequestDto,
  RefreshDto,
  TokenAndPasswordDto,
  TokenPairDto,
} from './dto/auth.dto';
import { RetryAfterInterceptor } from './retry-after.interceptor';

@ApiTags('auth')
@Controller('auth')
@UseInterceptors(RetryAfterInterceptor)
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly resets: PasswordResetService,
    private readonly invitations: InvitationsService,
  ) {}

  @Public()
  @RateLimited()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in; after 10 failures for one account in 15 min, 429 TOO_MANY_ATTEMPTS with Retry-After',
  })
  @ApiOkResponse({ type: TokenPairDto })
  login(@Body() dto: LoginDto) {
    return this.auth.login(dto.email, dto.password);
  }

  @Public()
  @RateLimited()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Trade a refresh token for a new pair; the old one stops working' })
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() dto: RefreshDto) {
    return this.auth.refresh(dto.refreshToken);
  }

  @Public()
  @RateLimited()
  @Post('password-reset')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Mail a password reset link when the account exists; answers the same either way',
  })
  @ApiAcceptedResponse({ type: PasswordResetAcceptedDto })
  requestPasswordReset(@Body() dto: PasswordResetRequestDto) {
    return this.resets.request(dto.email);
  }

  @Public()
  @RateLimited()
  @Post('password-reset/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a new password with a mailed reset token; signs the user out everywhere' })
  @ApiOkResponse({ type: PasswordResetDoneDto })
  confirmPasswordReset(@Body() dto: TokenAndPasswordDto) {
    return this.resets.confirm(dto.token, dto.password);
  }

  @Roles()
  @Post('change-password')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Change your own password; other sessions are signed out, this one gets a new pair',
  })
  @ApiOkResponse({ type: TokenPairDto })
  changePassword(@CurrentStaff() actor: StaffActor, @Body() dto: ChangePasswordDto) {
    return this.resets.change(actor, dto.currentPassword, dto.newPassword);
  }

  @Public()
  @RateLimited()
  @Post('accept-invite')
  @HttpCode(200)
  @ApiOperation({ summary: 'Choose a password with a mailed invitation token and sign in' })
  @ApiOkResponse({ type: TokenPairDto })
  acceptInvite(@Body() dto: TokenAndPasswordDto) {
    return this.invitations.accept(dto.token, dto.password);
  }

  @Roles()
  @Get('me')
  @ApiOperation({ summary: 'The signed-in user, their organization, roles and business units' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentStaff() actor: StaffActor) {
    return this.auth.me(actor);
  }
}
