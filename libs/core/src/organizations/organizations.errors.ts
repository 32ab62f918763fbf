import { DomainError, ErrorKind } from '../common/domain-error';

export enum OrganizationErrorCode {
  SlugTaken = 'ORGANIZATION_SLUG_TAKEN',
}

export class OrganizationError extends DomainError {
  constructor(code: OrganizationErrorCode, message: string) {
    super(code, message, ErrorKind.Conflict);
  }
}
