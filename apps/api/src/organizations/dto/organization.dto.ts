import { Type } from 'class-transformer';
import { IsEmail, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';

export class NewAdminDto {
  @IsEmail()
  @MaxLength(254)
  email: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @IsString()
  @MinLength(8)
  @MaxLength(256)
  password: string;
}

export class CreateOrganizationDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  /** Lowercase letters, digits and dashes. */
  @Matches(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, {
    message: 'slug must be lowercase letters, digits and dashes',
  })
  slug: string;

  @ValidateNested()
  @Type(() => NewAdminDto)
  admin: NewAdminDto;
}
