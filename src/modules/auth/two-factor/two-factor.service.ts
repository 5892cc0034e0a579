import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor, RequestMeta } from '../../../common/auth/actor.js';
import type { Role } from '../../../common/auth/roles.js';
import { AppError, conflict, unprocessable } from '../../../common/errors/app-error.js';
import { DomainEvents } from '../../../common/events/domain-events.js';
import { APP_CONFIG, type AppConfig } from '../../../config/config.js';
import { AuditService } from '../../audit/audit.service.js';
import type { StaffView } from '../../staff/dto/staff.dto.js';
import { StaffService } from '../../staff/staff.service.js';
import { deriveKey } from '../keys.js';
import { hashToken, type OpenedSession, SessionsService } from '../sessions.service.js';
import { SignInLimits } from '../sign-in-limits.service.js';
import type {
  ConfirmMfaEnrolmentDto,
  MfaCodeDto,
  MfaEnabledView,
  MfaEnrolmentView,
  MfaStatusView,
  SignInChallengeView,
  StartMfaEnrolmentDto,
} from './dto/two-factor.dto.js';
import { hashRecoveryCode, newRecoveryCodes, normaliseRecoveryCode } from './recovery-codes.js';
import { newTotpSecret, openSecret, otpauthUri, sealSecret, verifyTotp } from './totp.js';
import { type SignInChallengeRow, TwoFactorRepository } from './two-factor.repository.js';
import type { TokensView } from '../dto/auth.dto.js';

/** Time to type a code after the password. */
const CODE_CHALLENGE_TTL_SEC = 300;
/** Time to install an authenticator app and scan the code during a compulsory enrolment. */
const ENROLMENT_CHALLENGE_TTL_SEC = 900;

const challengeExpired = () => new AppError('UNAUTHENTICATED', 'This sign-in step has expired or was already completed; sign in again');
const wrongCode = () => new AppError('UNAUTHENTICATED', 'The code is wrong, expired or was already used');
const notSignedIn = () => new AppError('UNAUTHENTICATED', 'Send the mfaToken of the sign-in answer, or a bearer token');

type Subject = { user: StaffView; challenge?: SignInChallengeRow };

/**
 * Two-factor sign-in with an authenticator app (TOTP, RFC 6238) and single-use recovery codes. After a correct
 * password, people with an authenticator (or whose role requires one) get a short-lived sign-in challenge instead of
 * tokens; a code completes it. Wrong codes count as failed sign-ins of the account.
 */
@Injectable()
export class TwoFactorService {
  private readonly secretKey: Buffer;
  private readonly recoveryKey: Buffer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly mfa: TwoFactorRepository,
    private readonly sessions: SessionsService,
    private readonly limits: SignInLimits,
    private readonly staff: StaffService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {
    this.secretKey = deriveKey(config.mfa.encryptionKey, 'totp-secrets');
    this.recoveryKey = deriveKey(config.mfa.encryptionKey, 'recovery-codes');
  }

  /** After a correct password: a challenge when a second factor is on or required, otherwise undefined (tokens now). */
  async challengeAfterPassword(user: { id: string; role: Role }, meta: RequestMeta): Promise<SignInChallengeView | undefined> {
    const mfa = await this.mfa.find(user.id);
    const enabled = Boolean(mfa?.confirmedAt);
    if (!enabled && !this.required(user.role)) return undefined;
    const token = randomBytes(32).toString('base64url');
    const ttl = enabled ? CODE_CHALLENGE_TTL_SEC : ENROLMENT_CHALLENGE_TTL_SEC;
    await this.mfa.insertChallenge(user.id, hashToken(token), !enabled, ttl, this.dataSource.manager);
    await this.audit.recordAnonymous(
      { ...meta, actorId: user.id, actorRole: user.role },
      { action: 'auth.mfa_challenged', entity: 'staff_user', entityId: user.id, fields: enabled ? ['totp'] : ['enrolment'] },
      this.dataSource.manager,
    );
    return { mfaRequired: true, mfaToken: token, enrolmentRequired: !enabled, expiresIn: ttl };
  }

  /** The second step of signing in: a code from the authenticator app, or a recovery code. */
  async completeSignIn(dto: MfaCodeDto, meta: RequestMeta): Promise<TokensView> {
    await this.limits.assertAllowed(null, meta.ip);
    const outcome = await this.mfa.transaction(async (em) => {
      const challenge = await this.mfa.lockLiveChallenge(hashToken(dto.mfaToken), em);
      if (!challenge || challenge.enrolment) throw challengeExpired();
      const user = await this.activeUser(challenge.userId);
      await this.limits.assertAllowed(this.limits.emailKey(user.email), meta.ip);
      const factor = await this.useCode(user.id, dto.code, em);
      if (!factor) return { user, opened: undefined };
      await this.mfa.completeChallenge(challenge.id, em);
      if (factor === 'recovery_code')
        await this.audit.recordAnonymous(
          { ...meta, actorId: user.id, actorRole: user.role },
          { action: 'auth.mfa_recovery_code_used', entity: 'staff_user', entityId: user.id },
          em,
        );
      return { user, opened: await this.sessions.open(user, meta, ['password', factor], em) };
    });
    if (!outcome.opened) {
      await this.countFailure(outcome.user, meta);
      throw wrongCode();
    }
    return this.sessions.tokens(outcome.opened);
  }

  /** A new authenticator secret for the signed-in person, or for the one completing a compulsory enrolment. */
  async startEnrolment(actor: Actor | undefined, dto: StartMfaEnrolmentDto, meta: RequestMeta): Promise<MfaEnrolmentView> {
    const { user } = await this.subject(actor, dto.mfaToken);
    const secret = newTotpSecret();
    await this.mfa.transaction(async (em) => {
      const current = await this.mfa.lock(user.id, em);
      if (current?.confirmedAt) throw conflict('Two-factor sign-in is already on for this account; an admin can reset it');
      await this.mfa.savePending(user.id, sealSecret(this.secretKey, user.id, secret), em);
      await this.audit.recordAnonymous(this.by(user, actor, meta), { action: 'auth.mfa_enrolment_started', entity: 'staff_user', entityId: user.id }, em);
    });
    const uri = otpauthUri(this.config.mfa.issuer, user.email, secret);
    return { otpauthUri: uri, qrCode: await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2 }), secret };
  }

  /** The first code from the app turns two-factor sign-in on and gives the recovery codes (once). */
  async confirmEnrolment(actor: Actor | undefined, dto: ConfirmMfaEnrolmentDto, meta: RequestMeta): Promise<MfaEnabledView> {
    const { user } = await this.subject(actor, dto.mfaToken);
    await this.limits.assertAllowed(this.limits.emailKey(user.email), meta.ip);
    const codes = newRecoveryCodes();
    const outcome = await this.mfa.transaction(async (em) => {
      // Locked again inside the transaction, so a compulsory enrolment completes one sign-in only.
      const challenge = dto.mfaToken ? await this.mfa.lockLiveChallenge(hashToken(dto.mfaToken), em) : undefined;
      if (dto.mfaToken && (!challenge?.enrolment || challenge.userId !== user.id)) throw challengeExpired();
      const pending = await this.mfa.lock(user.id, em);
      if (!pending || pending.confirmedAt)
        throw conflict(pending ? 'Two-factor sign-in is already on for this account' : 'Start the enrolment first (POST /auth/mfa/enrolment)');
      const step = await verifyTotp(openSecret(this.secretKey, user.id, pending.secretCiphertext), dto.code, null);
      if (step === null) return { ok: false as const };
      await this.mfa.confirm(user.id, step, em);
      await this.mfa.replaceRecoveryCodes(
        user.id,
        codes.map((c) => hashRecoveryCode(this.recoveryKey, user.id, normaliseRecoveryCode(c)!)),
        em,
      );
      await this.audit.recordAnonymous(
        this.by(user, actor, meta),
        { action: 'auth.mfa_enabled', entity: 'staff_user', entityId: user.id, fields: ['totp', 'recovery_codes'] },
        em,
      );
      if (!challenge) return { ok: true as const };
      await this.mfa.completeChallenge(challenge.id, em);
      return { ok: true as const, opened: await this.sessions.open(user, meta, ['password', 'totp'], em) };
    });
    if (!outcome.ok) {
      await this.countFailure(user, meta);
      throw unprocessable('The code does not match: check that the phone’s clock is right and type the code the app shows now');
    }
    return { recoveryCodes: codes, ...(outcome.opened ? await this.sessions.tokens(outcome.opened as OpenedSession) : {}) };
  }

  async status(actor: Actor): Promise<MfaStatusView> {
    const mfa = await this.mfa.find(actor.id);
    const enabledAt = mfa?.confirmedAt ?? null;
    return {
      enabled: Boolean(enabledAt),
      enabledAt: enabledAt?.toISOString() ?? null,
      recoveryCodesLeft: enabledAt ? await this.mfa.unusedRecoveryCodes(actor.id) : 0,
      required: this.required(actor.role),
    };
  }

  /** An admin removes someone's authenticator (a lost phone): their sessions end; they enrol again at the next sign-in if required. */
  async reset(actor: Actor, staffId: string): Promise<void> {
    await this.staff.get(staffId); // 404 for an unknown id
    await this.mfa.transaction(async (em) =>
      this.removeIn(em, staffId, { requestId: actor.requestId, ip: actor.ip, actorId: actor.id, actorRole: actor.role }),
    );
  }

  /** The same from the server's command line (no signed-in actor). */
  async resetFromServer(staffId: string): Promise<void> {
    await this.mfa.transaction(async (em) => this.removeIn(em, staffId, { actorRole: 'system' }));
  }

  private async removeIn(em: EntityManager, staffId: string, by: Partial<RequestMeta> & { actorId?: string; actorRole?: string }): Promise<void> {
    await this.mfa.remove(staffId, em);
    await this.audit.recordAnonymous(by, { action: 'staff.mfa_reset', entity: 'staff_user', entityId: staffId, fields: ['mfa'] }, em);
    await this.events.emit('staff.access_changed', { userId: staffId, reason: 'mfa_reset' }, em);
  }

  /** Checks a TOTP code (not used before, not older than the last one) or uses up a recovery code. */
  private async useCode(staffId: string, code: string, em: EntityManager): Promise<'totp' | 'recovery_code' | null> {
    const mfa = await this.mfa.lock(staffId, em);
    if (!mfa?.confirmedAt) return null;
    if (/^\d{6}$/.test(code)) {
      const step = await verifyTotp(openSecret(this.secretKey, staffId, mfa.secretCiphertext), code, mfa.lastUsedStep);
      return step !== null && (await this.mfa.useStep(staffId, step, em)) ? 'totp' : null;
    }
    const recovery = normaliseRecoveryCode(code);
    return recovery && (await this.mfa.useRecoveryCode(staffId, hashRecoveryCode(this.recoveryKey, staffId, recovery), em)) ? 'recovery_code' : null;
  }

  /** Who an enrolment call is for: the signed-in person, or the one whose compulsory-enrolment challenge is given. */
  private async subject(actor: Actor | undefined, mfaToken: string | undefined): Promise<Subject> {
    if (mfaToken) {
      const challenge = await this.mfa.findLiveChallenge(hashToken(mfaToken));
      if (!challenge?.enrolment) throw challengeExpired();
      return { user: await this.activeUser(challenge.userId), challenge };
    }
    if (!actor) throw notSignedIn();
    return { user: await this.staff.get(actor.id) };
  }

  private async activeUser(id: string): Promise<StaffView> {
    const user = await this.staff.get(id).catch(() => undefined);
    if (!user?.active) throw challengeExpired();
    return user;
  }

  private async countFailure(user: StaffView, meta: RequestMeta): Promise<void> {
    await this.limits.recordFailure(this.limits.emailKey(user.email), meta.ip);
    await this.audit.recordAnonymous(
      { ...meta, actorId: user.id, actorRole: user.role },
      { action: 'auth.mfa_failed', entity: 'staff_user', entityId: user.id },
      this.dataSource.manager,
    );
  }

  private by(user: StaffView, actor: Actor | undefined, meta: RequestMeta) {
    return actor ? { ...meta, actorId: actor.id, actorRole: actor.role } : { ...meta, actorId: user.id, actorRole: user.role };
  }

  private required(role: Role): boolean {
    return this.config.mfa.requiredRoles.includes(role);
  }
}
