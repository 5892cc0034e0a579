import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { validationFailed } from '../errors/app-error.js';

/** Deeper than any form, webhook or API body we take; deep enough to overflow the stack of the validation that follows. */
export const MAX_INPUT_DEPTH = 32;

const NUL = '\u0000';
/** A UTF-16 surrogate not paired with its other half: not text, and string functions down the line throw on it. */
const LONE_SURROGATE = /\p{Surrogate}/u;

type Problem = { field: string; message: string };

/**
 * Refuses input that no form or integration sends on purpose and that the code behind would fail on: text with a NUL
 * character (PostgreSQL cannot store it) or a lone surrogate (not valid Unicode), and JSON nested deeper than
 * MAX_INPUT_DEPTH. Runs first, on bodies, queries and path values (webhook bodies without a DTO too), so validation
 * never sees them.
 */
@Injectable()
export class SafeInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const problem = findProblem(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
    if (!problem) return value;
    const field = problem.field || metadata.type;
    throw validationFailed(problem.message, [{ field, messages: [`${field} ${problem.message.charAt(0).toLowerCase()}${problem.message.slice(1)}`] }]);
  }
}

/** The first string (value or key) with a NUL or a lone surrogate, or the first value nested too deep; walked without recursion. */
function findProblem(root: unknown, rootPath: string): Problem | undefined {
  const pending: Array<[unknown, string, number]> = [[root, rootPath, 0]];
  while (pending.length) {
    const [value, path, depth] = pending.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return { field: path, message: problem };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) return { field: path, message: `Is nested deeper than ${MAX_INPUT_DEPTH} levels` };
    if (Array.isArray(value)) {
      value.forEach((item, i) => pending.push([item, `${path}[${i}]`, depth + 1]));
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      const problem = textProblem(key);
      if (problem) return { field: at, message: problem };
      pending.push([item, at, depth + 1]);
    }
  }
  return undefined;
}

function textProblem(text: string): string | undefined {
  if (text.includes(NUL)) return 'Contains a NUL character';
  if (LONE_SURROGATE.test(text)) return 'Contains a lone UTF-16 surrogate, which is not valid text';
  return undefined;
}
