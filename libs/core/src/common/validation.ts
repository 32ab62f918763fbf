import { ClassConstructor, ClassTransformOptions, plainToInstance } from 'class-transformer';
import { ValidationError as ClassValidatorError, ValidatorOptions, validate } from 'class-validator';
import { ErrorDetail } from './domain-error';

/** How every input is validated, by the API's pipe and by workers alike: unknown fields are refused, not dropped. */
export const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

export const TRANSFORM_OPTIONS: ClassTransformOptions = { enableImplicitConversion: false };

/** One entry per field, nested fields dotted (`consent.privacyPolicyVersion`). */
export function validationDetails(errors: ClassValidatorError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own: ErrorDetail[] = error.constraints
      ? [{ field, messages: Object.values(error.constraints).map((m) => m.replace(error.property, field)) }]
      : [];
    return [...own, ...validationDetails(error.children ?? [], field)];
  });
}

/** Validates a plain object as the API's pipe would: the instance, or the failures. */
export async function validateAs<T extends object>(
  cls: ClassConstructor<T>,
  plain: object,
): Promise<{ value: T; details?: undefined } | { value?: undefined; details: ErrorDetail[] }> {
  const value = plainToInstance(cls, plain, TRANSFORM_OPTIONS);
  const errors = await validate(value, VALIDATOR_OPTIONS);
  return errors.length > 0 ? { details: validationDetails(errors) } : { value };
}
