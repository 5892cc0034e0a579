import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { conflict, notFound } from '../../common/errors/app-error.js';
import { StaffService } from '../staff/staff.service.js';
import { SignInLimits } from './sign-in-limits.service.js';
import { TwoFactorService } from './two-factor/two-factor.service.js';

export interface IssuedPassword {
  staffId: string;
  password: string;
  /** The account is deactivated: the new password alone does not let them in. */
  inactive: boolean;
}

/**
 * Getting back into an installation whose admin cannot sign in, from the server's command line (`npm run admin`):
 * whoever can run commands there owns the installation anyway. Every action ends that person's sessions and is audited.
 */
@Injectable()
export class AccountRecoveryService {
  constructor(
    private readonly staff: StaffService,
    private readonly limits: SignInLimits,
    private readonly twoFactor: TwoFactorService,
  ) {}

  /** A new random password for an existing account; it is shown once and never stored in the clear. */
  async resetPassword(email: string): Promise<IssuedPassword> {
    const user = await this.findByEmail(email);
    const password = temporaryPassword();
    await this.staff.resetPasswordFromServer(user.id, password);
    await this.limits.clear(email);
    return { staffId: user.id, password, inactive: !user.active };
  }

  async createAdmin(email: string): Promise<IssuedPassword> {
    if (await this.staff.findForLogin(email)) throw conflict('A staff member with this email already exists; use reset-password');
    const password = temporaryPassword();
    const staffId = await this.staff.createAdminFromServer(email, password);
    return { staffId, password, inactive: false };
  }

  /** Removes the authenticator of someone who lost their phone and their recovery codes. */
  async resetTwoFactor(email: string): Promise<{ staffId: string }> {
    const user = await this.findByEmail(email);
    await this.twoFactor.resetFromServer(user.id);
    await this.limits.clear(email);
    return { staffId: user.id };
  }

  private async findByEmail(email: string) {
    const user = await this.staff.findForLogin(email);
    if (!user) throw notFound('Staff member with this email');
    return user;
  }
}

/** 120 random bits, typeable: 20 characters of [A-Za-z0-9_-]. */
function temporaryPassword(): string {
  return randomBytes(15).toString('base64url');
}
