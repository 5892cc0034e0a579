import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { deriveKey } from './keys.js';
import { type FailureCount, SignInFailuresRepository } from './sign-in-failures.repository.js';

/**
 * Brute-force limits of signing in. Failures are counted per submitted email (normalised), whether or not such an
 * account exists, so the answers cannot tell which emails do; and per address. A wrong two-factor code counts as a
 * failed sign-in of that account. Over the limit every attempt gets 429 (the right password too) until the oldest
 * failure leaves the window; attempts refused meanwhile are not counted, so the lock ends by itself.
 */
@Injectable()
export class SignInLimits {
  private readonly hashKey: Buffer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly failures: SignInFailuresRepository,
    private readonly dataSource: DataSource,
  ) {
    this.hashKey = deriveKey(config.mfa.encryptionKey, 'sign-in-failures');
  }

  /** A keyed hash of the normalised email: the table of failures holds no email addresses. */
  emailKey(email: string): Buffer {
    return createHmac('sha256', this.hashKey).update(normaliseEmail(email)).digest();
  }

  async assertAllowed(emailKey: Buffer | null, ip: string): Promise<void> {
    const { windowSec, maxFailuresPerIp, maxFailuresPerAccount } = this.config.login;
    this.refuseIfLimited(await this.failures.count({ ip }, windowSec), maxFailuresPerIp);
    if (emailKey) this.refuseIfLimited(await this.failures.count({ emailKey }, windowSec), maxFailuresPerAccount);
  }

  /** Counted at once, outside any transaction: a failure stays counted whatever else the request does. */
  recordFailure(emailKey: Buffer, ip: string): Promise<void> {
    return this.failures.record(emailKey, ip || null, this.config.login.windowSec, this.dataSource.manager);
  }

  /** After an administrator's password reset the account is not left locked. */
  clear(email: string): Promise<void> {
    return this.failures.clear(this.emailKey(email), this.dataSource.manager);
  }

  private refuseIfLimited(failures: FailureCount, max: number): void {
    if (failures.count < max) return;
    const reopensAt = (failures.oldestAt?.getTime() ?? Date.now()) + this.config.login.windowSec * 1000;
    const retryAfter = Math.max(1, Math.ceil((reopensAt - Date.now()) / 1000));
    throw new AppError(
      'RATE_LIMITED',
      'Too many failed sign-in attempts; try again later',
      { retryAfterSec: retryAfter },
      { 'Retry-After': String(retryAfter) },
    );
  }
}

/** How an email is compared for the limits: trimmed, lower case, Unicode-normalised. */
export function normaliseEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}
