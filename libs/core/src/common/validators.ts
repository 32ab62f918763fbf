import { applyDecorators } from '@nestjs/common';
import {
  IsString,
  MaxLength,
  MinLength,
  ValidationArguments,
  ValidationOptions,
  registerDecorator,
} from 'class-validator';
import { IANAZone } from 'luxon';

/** Refuses strings holding a NUL character (PostgreSQL text cannot store it; logs and CSV choke on it). */
export function NoNullBytes(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'noNullBytes',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must not contain null bytes`, ...options },
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value)
            ? value.every((v) => typeof v !== 'string' || !v.includes('\u0000'))
            : typeof value !== 'string' || !value.includes('\u0000'),
      },
    });
}

/** A string of sane length without null bytes: the building block of every text field. */
export const Text = (max: number, min = 1, options: { each?: boolean } = {}) =>
  applyDecorators(IsString(options), MinLength(min, options), MaxLength(max, options), NoNullBytes(options));

export function IsIanaZone(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isIanaZone',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an IANA time zone name, e.g. Asia/Shanghai`, ...options },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && IANAZone.isValidZone(value),
      },
    });
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** ISO-8601 date-time with an explicit offset (the contract's form), and a real date. */
export function IsDateTimeWithOffset(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isDateTimeWithOffset',
      target: target.constructor,
      propertyName,
      options: {
        message: (args: ValidationArguments) =>
          `${args.property} must be an ISO-8601 date-time with an offset, e.g. 2026-05-01T09:00:00+08:00`,
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && ISO_WITH_OFFSET.test(value) && !Number.isNaN(Date.parse(value)),
      },
    });
}
