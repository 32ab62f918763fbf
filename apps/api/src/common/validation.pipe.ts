import { ValidationPipe } from '@nestjs/common';
import { TRANSFORM_OPTIONS, VALIDATOR_OPTIONS, ValidationError, validationDetails } from '@hirefair/core';

/** Unknown fields are refused, not dropped; failures answer 400 VALIDATION_FAILED with one entry per field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    transformOptions: TRANSFORM_OPTIONS,
    exceptionFactory: (errors) => {
      const details = validationDetails(errors);
      const message =
        details.length > 0 ? details.map((d) => d.messages.join(', ')).join('; ') : 'The request is invalid.';
      return new ValidationError(details, message);
    },
  });
}
