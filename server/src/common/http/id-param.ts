import { ParseUUIDPipe } from '@nestjs/common';
import { DomainException } from '../errors/domain.exception';

/** Path ids must be UUIDs; anything else is a clear 400, never a database error. */
export const IdParam = new ParseUUIDPipe({
  exceptionFactory: () =>
    new DomainException('VALIDATION_FAILED', 'The id in the path is not a valid id', {
      fields: { id: ['must be a UUID'] },
    }),
});
