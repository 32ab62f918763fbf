import { DomainError, ErrorKind } from '../common/domain-error';

export enum BusinessUnitErrorCode {
  NotFound = 'BUSINESS_UNIT_NOT_FOUND',
  CodeTaken = 'BUSINESS_UNIT_CODE_TAKEN',
}

export class BusinessUnitError extends DomainError {
  constructor(code: BusinessUnitErrorCode, message: string, kind = ErrorKind.Conflict) {
    super(code, message, kind);
  }
}
