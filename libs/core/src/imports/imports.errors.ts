import { DomainError, ErrorKind } from '../common/domain-error';

export enum ImportErrorCode {
  NotFound = 'IMPORT_NOT_FOUND',
  NotCsv = 'IMPORT_NOT_CSV',
  EventNotImportable = 'EVENT_NOT_IMPORTABLE',
  TooManyRows = 'IMPORT_TOO_MANY_ROWS',
}

export class ImportError extends DomainError {
  constructor(code: ImportErrorCode, message: string, kind = ErrorKind.Conflict) {
    super(code, message, kind);
  }
}
