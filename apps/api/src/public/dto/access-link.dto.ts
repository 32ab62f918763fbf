import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, MaxLength } from 'class-validator';

export class AccessLinkRequestDto {
  /** The email the candidate registered with. */
  @IsEmail()
  @MaxLength(254)
  email: string;
}

export class AccessLinkAcceptedDto {
  /** Always the same, whether or not the email is registered for the fair. */
  @ApiProperty({ example: 'If this email is registered for the fair, its personal link has been emailed.' })
  message: string;
}
