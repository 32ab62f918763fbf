import { ValidationPipe } from '@nestjs/common';
import { ValidationError as ClassValidatorError } from 'class-validator';
import { ErrorDetail, ValidationError } from '@hirefair/core';

function flatten(errors: ClassValidatorError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own: ErrorDetail[] = error.constraints
      ? [{ field, messages: Object.values(error.constraints).map((m) => m.replace(error.property, field)) }]
      : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Unknown fields are refused, not dropped; failures answer 400 VALIDATION_FAILED with one entry per field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const message =
        details.length > 0 ? details.map((d) => d.messages.join(', ')).join('; ') : 'The request is invalid.';
      return new ValidationError(details, message);
    },
  });
}
