import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { UserDto } from '../../users/dto/user.dto';

export class LoginDto {
  @IsEmail()
  @MaxLength(254)
  email: string;

  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class RefreshDto {
  @IsString()
  @MinLength(10)
  @MaxLength(512)
  refreshToken: string;
}

export class PasswordResetRequestDto {
  @IsEmail()
  @MaxLength(254)
  email: string;
}

/** A link token and the password to set: reset confirmation and invitation acceptance. */
export class TokenAndPasswordDto {
  /** The token from the mailed link (after `#token=`). */
  @IsString()
  @MinLength(10)
  @MaxLength(512)
  token: string;

  /** At least 10 characters, not containing the email, not a commonly used password. */
  @IsString()
  @MaxLength(256)
  password: string;
}

export class ChangePasswordDto {
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  currentPassword: string;

  /** At least 10 characters, not containing the email, not a commonly used password. */
  @IsString()
  @MaxLength(256)
  newPassword: string;
}

export class TokenPairDto {
  @ApiProperty()
  accessToken: string;

  @ApiProperty()
  refreshToken: string;

  /** Seconds until the access token expires. */
  @ApiProperty()
  expiresIn: number;

  @ApiProperty({ example: 'Bearer' })
  tokenType: string;
}

export class PasswordResetAcceptedDto {
  /** Always true: the answer is the same whether or not the account exists. */
  @ApiProperty({ example: true })
  accepted: boolean;
}

export class PasswordResetDoneDto {
  /** The account whose password was set, to sign in with. */
  @ApiProperty({ example: 'recruiter@example.com' })
  email: string;
}

export class OrganizationSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  slug: string;
}

export class MeDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;

  @ApiProperty({ type: OrganizationSummaryDto, nullable: true })
  organization: OrganizationSummaryDto | null;

  @ApiProperty({ type: [String] })
  roles: string[];

  @ApiProperty({ type: [String], format: 'uuid' })
  businessUnitIds: string[];
}
