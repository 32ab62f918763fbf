import { ErrorDetail, ValidationError } from './domain-error';

/**
 * Helpers for validating stored JSON documents (waiver policies, routing rules) by hand, where
 * class-validator cannot follow a recursive shape. Problems are reported per RFC 6901 JSON pointer.
 */

export type JsonObject = Record<string, unknown>;

/** Keys that could reach Object.prototype if a document were ever merged into a plain object. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an own property only: an inherited `field` or `rules` must never count as given. */
export function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

export function childPointer(parent: string, key: string | number): string {
  return `${parent}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

export class JsonIssues {
  private readonly byPointer = new Map<string, string[]>();

  add(pointer: string, message: string): void {
    const messages = this.byPointer.get(pointer);
    if (messages) messages.push(message);
    else this.byPointer.set(pointer, [message]);
  }

  get isEmpty(): boolean {
    return this.byPointer.size === 0;
  }

  details(): ErrorDetail[] {
    return [...this.byPointer].map(([field, messages]) => ({ field, messages }));
  }

  toError(message: string): ValidationError {
    return new ValidationError(this.details(), message);
  }

  throwIfAny(message: string): void {
    if (!this.isEmpty) throw this.toError(message);
  }

  /** Reports forbidden and unexpected keys; true when every key of the object is allowed. */
  checkKeys(object: JsonObject, allowed: readonly string[], at: string): boolean {
    let clean = true;
    for (const key of Object.keys(object)) {
      if (FORBIDDEN_KEYS.has(key)) {
        this.add(childPointer(at, key), `${key} is a forbidden key`);
        clean = false;
      } else if (!allowed.includes(key)) {
        this.add(childPointer(at, key), `${key} is not allowed here (allowed: ${allowed.join(', ')})`);
        clean = false;
      }
    }
    return clean;
  }
}

export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
