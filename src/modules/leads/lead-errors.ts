import { AppError } from '../../common/errors/app-error.js';

/** Another operator claimed the lead first (or it is no longer open): 409 with who holds it. */
export class LeadAlreadyClaimedError extends AppError {
  constructor(message: string, assignedOperatorId: string | null) {
    super('LEAD_ALREADY_CLAIMED', message, { assignedOperatorId });
  }
}
