import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDate, isISO8601, IsISO8601, Matches } from 'class-validator';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const INSTANT_MESSAGE = '$property must be an ISO-8601 instant with Z or an offset, e.g. 2027-03-01T09:00:00+03:00';

/** An ISO-8601 instant with an explicit zone (Z or ±hh:mm): a time without one would depend on the server's zone. */
export const IsInstant = () => applyDecorators(IsISO8601({ strict: true }), Matches(INSTANT, { message: INSTANT_MESSAGE }));

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A local date (YYYY-MM-DD, read in the zone of whatever it applies to) or an instant as above. */
export const IsInstantOrLocalDate = () =>
  applyDecorators(
    IsISO8601({ strict: true }),
    Matches(new RegExp(`${LOCAL_DATE.source}|${INSTANT.source}`), {
      message: '$property must be a local date (2027-03-01) or an ISO-8601 instant with Z or an offset',
    }),
  );

export const isLocalDate = (value: string) => LOCAL_DATE.test(value);

/**
 * The same, turned into a Date. Only such a string becomes one: a number, `true` or 2027-02-30 is refused
 * rather than read as some other moment.
 */
export const IsInstantDate = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && INSTANT.test(value) && isISO8601(value, { strict: true }) ? new Date(value) : value,
    ),
    IsDate({ message: INSTANT_MESSAGE }),
  );
