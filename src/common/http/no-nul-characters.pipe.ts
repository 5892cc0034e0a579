import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { validationFailed } from '../errors/app-error.js';

const NUL = '\u0000';

/**
 * Refuses text with a NUL character anywhere in a body, query or path: PostgreSQL cannot store it, and no form or
 * integration sends it on purpose. Runs before validation, so webhook bodies without a DTO are covered too.
 */
@Injectable()
export class NoNulCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const path = fieldWithNul(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
    if (path === undefined) return value;
    const field = path || metadata.type;
    throw validationFailed('Text must not contain NUL characters', [{ field, messages: [`${field} contains a NUL character`] }]);
  }
}

/** The path of the first string (value or key) holding a NUL character; walked without recursion, so any depth is safe. */
function fieldWithNul(root: unknown, rootPath: string): string | undefined {
  const pending: Array<[unknown, string]> = [[root, rootPath]];
  while (pending.length) {
    const [value, path] = pending.pop()!;
    if (typeof value === 'string') {
      if (value.includes(NUL)) return path;
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => pending.push([item, `${path}[${i}]`]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        if (key.includes(NUL)) return at;
        pending.push([item, at]);
      }
    }
  }
  return undefined;
}
