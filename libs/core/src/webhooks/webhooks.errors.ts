import { DomainError, ErrorKind } from '../common/domain-error';

export enum WebhookErrorCode {
  NotFound = 'WEBHOOK_NOT_FOUND',
  DeliveryNotFound = 'WEBHOOK_DELIVERY_NOT_FOUND',
  TargetForbidden = 'WEBHOOK_TARGET_FORBIDDEN',
  TargetUnresolvable = 'WEBHOOK_TARGET_UNRESOLVABLE',
  Disabled = 'WEBHOOK_DISABLED',
  DeliveryPending = 'WEBHOOK_DELIVERY_PENDING',
}

export class WebhookError extends DomainError {
  constructor(code: WebhookErrorCode, message: string, kind = ErrorKind.Conflict, field?: string) {
    super(code, message, kind, field ? [{ field, messages: [message] }] : undefined);
  }
}
