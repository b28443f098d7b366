import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainException } from '../errors/domain.exception';

/**
 * Bodies and queries are checked against their DTO classes: unknown fields are refused (no mass
 * assignment), values are converted to the declared types, and every problem is reported at once
 * as VALIDATION_FAILED with a field → messages map.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new DomainException('VALIDATION_FAILED', 'Some fields are missing or invalid', {
        fields: flattenErrors(errors),
      }),
  });
}

function flattenErrors(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const path = prefix === '' ? error.property : `${prefix}.${error.property}`;
    if (error.constraints) fields[path] = Object.values(error.constraints);
    if (error.children && error.children.length > 0) {
      Object.assign(fields, flattenErrors(error.children, path));
    }
  }
  return fields;
}
