import { AppError } from '../../common/errors/app-error.js';
import { describeConstraint } from '../../common/errors/error-envelope.js';

/** The doctor's time is taken: the database's exclusion constraint refused an overlapping appointment. */
export class SlotTakenError extends AppError {
  constructor() {
    super('SLOT_TAKEN', 'The doctor already has an appointment at that time');
  }
}
describeConstraint('appointments_doctor_no_overlap', { code: 'SLOT_TAKEN', message: new SlotTakenError().message });

/** The doctor does not work at that branch (at that time). */
export class OutsideWorkingHoursError extends AppError {
  constructor(message: string) {
    super('OUTSIDE_WORKING_HOURS', message);
  }
}
