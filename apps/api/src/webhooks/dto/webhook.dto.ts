import { PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
} from 'class-validator';
import { WEBHOOK_EVENT_TYPES } from '@hirefair/core';
import { Text } from '../../common/validators';

export class CreateWebhookDto {
  /** http(s) only; a target resolving to a private address is refused unless the organization allows private targets. */
  @Text(2000)
  url: string;

  /** The events to receive. */
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, {
    each: true,
    message: `each of events must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}`,
  })
  events: string[];

  @IsOptional()
  @Text(500)
  description?: string | null;
}

export class UpdateWebhookDto extends PartialType(CreateWebhookDto) {
  /** true re-enables a disabled subscription; false disables it. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class WebhookSettingsDto {
  /** Lets subscriptions target loopback and private networks (an on-premises receiver). */
  @IsBoolean()
  allowPrivateTargets: boolean;
}
