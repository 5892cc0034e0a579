import { createHash } from 'node:crypto';

/** Fixed namespace of Clinicdesk's name-based job ids (a random UUID, chosen once). */
const NAMESPACE = Buffer.from('6f1c2a4e9b7d4c3a8e5f0d2b1a9c7e63', 'hex');

/**
 * The id of the job that a dedupe key stands for: a name-based UUID (RFC 9562 version 5) of the job name and
 * the key. The queue refuses a second job with the same id, so enqueueing the same key twice makes one job.
 */
export function jobIdFor(job: string, dedupeKey: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(`${job.length}:${job}:${dedupeKey}`, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
