import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

/** An ISO-8601 instant with an explicit zone (Z or ±hh:mm): a time without one would depend on the server's zone. */
export const IsInstant = () =>
  applyDecorators(
    IsISO8601({ strict: true }),
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/, { message: '$property must be an ISO-8601 instant with Z or an offset, e.g. 2027-03-01T09:00:00+03:00' }),
  );
