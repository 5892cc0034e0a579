import { AppError } from '../../common/errors/app-error.js';

/** The person has not given the consent this needs (or gave it to a text that is no longer current). */
export class ConsentRequiredError extends AppError {
  constructor(reason: string, details?: unknown) {
    super('CONSENT_REQUIRED', reason, details);
  }
}
