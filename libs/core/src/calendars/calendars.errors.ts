import { DomainError, ErrorKind } from '../common/domain-error';

export enum CalendarErrorCode {
  UserNotFound = 'USER_NOT_FOUND',
  NotYourCalendar = 'NOT_YOUR_CALENDAR',
  FeedForbidden = 'CALENDAR_FEED_FORBIDDEN',
  FeedUnresolvable = 'CALENDAR_FEED_UNRESOLVABLE',
  InvalidCalendar = 'CALENDAR_INVALID',
}

export class CalendarError extends DomainError {
  constructor(code: CalendarErrorCode, message: string, kind: ErrorKind, field?: string) {
    super(code, message, kind, field ? [{ field, messages: [message] }] : undefined);
  }
}
