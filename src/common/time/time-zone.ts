import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isTimeZone } from '../../config/time-zone.js';

export function IsTimeZone(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an IANA time zone such as Europe/Moscow`, ...options },
      validator: { validate: isTimeZone },
    });
}
