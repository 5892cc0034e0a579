import { describe, expect, it } from '@jest/globals';
import { jobIdFor } from './job-id.js';

describe('jobIdFor', () => {
  it('gives the same version-5 UUID for the same job and key', () => {
    const id = jobIdFor('messages.deliver', 'appointment-1:reminder');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(jobIdFor('messages.deliver', 'appointment-1:reminder')).toBe(id);
  });

  it.each([
    ['another key', 'messages.deliver', 'appointment-2:reminder'],
    ['another job', 'messages.resend', 'appointment-1:reminder'],
  ])('gives a different id for %s', (_case, job, key) => {
    expect(jobIdFor(job, key)).not.toBe(jobIdFor('messages.deliver', 'appointment-1:reminder'));
  });

  it('keeps the job name and the key apart', () => {
    expect(jobIdFor('messages.deliver:appointment-1', 'reminder')).not.toBe(jobIdFor('messages.deliver', 'appointment-1:reminder'));
  });
});
