import type { IntakeFixture } from '../scenarios/intake.js';
import type { PacedRun } from './paced-posts.js';
import { inWorker } from './worker.js';

export interface PacedFormsJob {
  fixture: IntakeFixture;
  rate: number;
  seconds: number;
  /** The first of the phone numbers this run uses (each form is a new person). */
  firstPhone: number;
}

/** Phone numbers used by open-loop runs so far in this process, so that every run's forms are new people. */
let phonesUsed = 0;

/**
 * Website forms at `rate` a second (see `pacedPosts`), sent from a worker thread of its own: the operators' sockets
 * the bench reads meanwhile (thousands of messages a second) would otherwise delay the sending and the timing of
 * answers on the same event loop, and that delay would count as the app's.
 */
export function pacedFormsInWorker(job: Omit<PacedFormsJob, 'firstPhone'>): Promise<PacedRun> {
  const firstPhone = phonesUsed;
  phonesUsed += Math.round(job.rate * job.seconds);
  return inWorker<PacedRun>('./paced-forms.worker.js', { ...job, firstPhone } satisfies PacedFormsJob);
}
