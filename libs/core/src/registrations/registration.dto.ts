import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { NoNullBytes, Text } from '../common/validators';

const THIS_YEAR = new Date().getUTCFullYear();

export class PublicationDto {
  @Text(500)
  title: string;

  /** e.g. CVPR, NeurIPS, ACL */
  @Text(200)
  venue: string;

  @IsInt()
  @Min(1950)
  @Max(THIS_YEAR + 1)
  year: number;
}

export class AwardDto {
  @Text(300)
  name: string;

  /** 1 = first place. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  rank?: number;

  @IsInt()
  @Min(1950)
  @Max(THIS_YEAR + 1)
  year: number;
}

export class ConsentDto {
  /** The version of the privacy policy the candidate accepted. */
  @Text(50)
  privacyPolicyVersion: string;

  /** Must be true: registering means sharing the profile with the hiring business units. */
  @Equals(true, { message: 'shareWithBusinessUnits must be true' })
  shareWithBusinessUnits: boolean;
}

export class RegistrationDto {
  /** Stored exactly as given, in any script. */
  @Text(200)
  name: string;

  @IsEmail({}, { message: 'email must be an email' })
  @MaxLength(254)
  @NoNullBytes()
  email: string;

  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{5,32}$/, { message: 'phone must be a phone number' })
  phone?: string;

  @Text(100)
  city: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Text(100, 1, { each: true })
  specialties: string[];

  @IsIn(['bachelor', 'master', 'phd', 'other'])
  degree: string;

  @IsInt()
  @Min(0)
  @Max(70)
  yearsOfExperience: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PublicationDto)
  publications?: PublicationDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AwardDto)
  awards?: AwardDto[];

  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { message: 'githubUrl must be a URL' })
  @MaxLength(500)
  @NoNullBytes()
  githubUrl?: string;

  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { message: 'resumeUrl must be a URL' })
  @MaxLength(1000)
  @NoNullBytes()
  resumeUrl?: string;

  @IsOptional()
  @Text(64)
  referralCode?: string;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(10_000_000)
  expectedMonthlySalaryCny?: number;

  /** Language of the mails: en or zh (default: the event's). */
  @IsOptional()
  @IsIn(['en', 'zh'])
  locale?: string;

  @IsDefined({ message: 'consent is required' })
  @ValidateNested()
  @Type(() => ConsentDto)
  consent: ConsentDto;
}
