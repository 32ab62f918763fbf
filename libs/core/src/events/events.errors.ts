import { DomainError, ErrorKind } from '../common/domain-error';

export enum EventErrorCode {
  NotFound = 'EVENT_NOT_FOUND',
  SlugTaken = 'EVENT_SLUG_TAKEN',
  InvalidTransition = 'INVALID_EVENT_TRANSITION',
  NotEditable = 'EVENT_NOT_EDITABLE',
  CapacityBelowRegistered = 'CAPACITY_BELOW_REGISTERED',
}

export class EventError extends DomainError {
  constructor(code: EventErrorCode, message: string, kind = ErrorKind.Conflict) {
    super(code, message, kind);
  }
}
