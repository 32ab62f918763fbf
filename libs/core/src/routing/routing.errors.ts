import { DomainError, ErrorKind } from '../common/domain-error';

export enum RoutingErrorCode {
  UnknownBusinessUnit = 'UNKNOWN_BUSINESS_UNIT',
  BusinessUnitNotInEvent = 'BUSINESS_UNIT_NOT_IN_EVENT',
}

export class RoutingError extends DomainError {
  constructor(code: RoutingErrorCode, message: string, kind = ErrorKind.Invalid) {
    super(code, message, kind);
  }
}
