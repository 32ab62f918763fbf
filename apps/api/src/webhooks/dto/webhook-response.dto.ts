import { ApiProperty } from '@nestjs/swagger';
import { WEBHOOK_EVENT_TYPES, WebhookDeliveryStatus } from '@hirefair/core';

export class WebhookSettingsResponseDto {
  @ApiProperty({
    example: false,
    description: 'Whether subscriptions may target private or loopback addresses',
  })
  allowPrivateTargets: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  updatedAt: Date | null;
}

export class WebhookResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  organizationId: string;

  @ApiProperty({ example: 'https://ats.example.com/hooks/hirefair' })
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['registration.routed'] })
  events: string[];

  @ApiProperty({ type: String, nullable: true, example: 'Our ATS' })
  description: string | null;

  @ApiProperty({ example: true, description: 'false once disabled after repeated failure (or by hand)' })
  active: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  disabledAt: Date | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  disabledReason: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastSuccessAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastFailureAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}

export class CreatedWebhookResponseDto extends WebhookResponseDto {
  @ApiProperty({
    example: 'whsec_9f86d081884c7d659a2feaa0c55ad015',
    description: 'The signing secret, shown this once only',
  })
  secret: string;
}

export class WebhookPayloadDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The event id, shared by its deliveries to several subscriptions',
  })
  id: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, example: 'registration.routed' })
  type: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'uuid' })
  organizationId: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { registrationId: '7d9f…', from: 'intake', to: 'routed', businessUnitId: '1c2e…' },
    description: 'Ids and the state change only, never personal data',
  })
  data: Record<string, string | number | boolean | null>;
}

export class DeliveryAttemptDto {
  @ApiProperty({ example: 1 })
  attempt: number;

  @ApiProperty({ example: true })
  ok: boolean;

  @ApiProperty({ type: Number, nullable: true, example: 200 })
  statusCode: number | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  error: string | null;

  @ApiProperty({ example: 84 })
  durationMs: number;

  @ApiProperty({ example: false, description: 'A redelivery asked for by hand' })
  manual: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  at: Date;
}

export class WebhookDeliveryResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  subscriptionId: string;

  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ example: 'registration.routed' })
  eventType: string;

  @ApiProperty({ enum: WebhookDeliveryStatus, example: WebhookDeliveryStatus.Delivered })
  status: WebhookDeliveryStatus;

  @ApiProperty({ example: 1 })
  attemptCount: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextAttemptAt: Date | null;

  @ApiProperty({ type: Number, nullable: true, example: 200 })
  lastStatusCode: number | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  lastError: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: WebhookPayloadDto })
  payload: WebhookPayloadDto;

  @ApiProperty({ type: [DeliveryAttemptDto] })
  attempts: DeliveryAttemptDto[];
}
