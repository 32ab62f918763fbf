import { ValidationPipe } from '@nestjs/common';
import { ValidationError as ClassValidatorError } from 'class-validator';
import { TRANSFORM_OPTIONS, VALIDATOR_OPTIONS, ValidationError, validationDetails } from '@hirefair/core';
import { cacheValidationMetadata } from './validation-metadata-cache';

/**
 * A field that was not sent fails every rule it has ("must be an email", "must be shorter than…");
 * one message says what is wrong. The value is read here only, never echoed back.
 */
function requiredWhenAbsent(errors: ClassValidatorError[]): ClassValidatorError[] {
  return errors.map((error) => {
    const absent = error.value === undefined || error.value === null;
    const constraints =
      absent && error.constraints ? { isDefined: `${error.property} is required` } : error.constraints;
    const { value: _value, ...rest } = error;
    return Object.assign(new ClassValidatorError(), rest, {
      constraints,
      children: requiredWhenAbsent(error.children ?? []),
    });
  });
}

/** Unknown fields are refused, not dropped; failures answer 400 VALIDATION_FAILED with one entry per field. */
export function createValidationPipe(): ValidationPipe {
  cacheValidationMetadata();
  return new ValidationPipe({
    ...VALIDATOR_OPTIONS,
    validationError: { target: false, value: true },
    transform: true,
    transformOptions: TRANSFORM_OPTIONS,
    exceptionFactory: (errors) => {
      const details = validationDetails(requiredWhenAbsent(errors));
      const message =
        details.length > 0 ? details.map((d) => d.messages.join(', ')).join('; ') : 'The request is invalid.';
      return new ValidationError(details, message);
    },
  });
}
