import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { ROLES, type Role } from '../common/auth/roles.js';
import { isTimeZone } from './time-zone.js';

/** The only place that reads process.env. Everything else receives an AppConfig. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Unset: an embedded PostgreSQL is started under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  databasePoolSize: number;
  /** How long an instance keeps settings, consent documents, branches and intake sources before reading them again. */
  cacheTtlMs: number;
  jwt: {
    secret: string;
    issuer: string;
    audience: string;
    accessTtlSec: number;
    refreshTtlSec: number;
  };
  corsOrigins: string[];
  trustProxy: boolean | string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  publicBodyLimitBytes: number;
  /** Failed sign-ins (and two-factor codes) allowed per submitted email and per address within the window. */
  login: { maxFailuresPerAccount: number; maxFailuresPerIp: number; windowSec: number };
  mfa: {
    /** Roles that must use two-factor sign-in; they enrol at their next sign-in. Empty: nobody must. */
    requiredRoles: Role[];
    /** 32-byte AES-256-GCM key for the stored TOTP secrets (also keys the hashes of recovery codes and sign-in failures). */
    encryptionKey: Buffer;
    /** Shown in authenticator apps next to the account. */
    issuer: string;
  };
  /** Send Strict-Transport-Security (only behind HTTPS). */
  hsts: boolean;
  seedDemo: boolean;
  /** Serve the interactive API docs page at /api/docs (the JSON at /api/docs-json is always served). */
  apiDocsUi: boolean;
  /** Serve the web console (built into dist/web) at `/`. */
  consoleUi: boolean;
  /** CSP frame-ancestors of the online-booking widget page: the clinic's websites that may embed it ('self' always may). */
  widgetFrameAncestors: string[];
  adminEmail: string;
  adminPassword: string | undefined;
  defaultPhoneRegion: string;
  /** Default slot grid in minutes (a service may set its own); divides the day so local midnight is on the grid. */
  slotStepMin: number;
  /** Background jobs (src/jobs) on pg-boss in PostgreSQL, safe with several instances. */
  jobs: {
    /** This instance polls the queues, runs jobs and does the queue's upkeep; enqueueing works either way. */
    enabled: boolean;
    pollMs: number;
    /** A run not finished after this long is taken as lost (its instance died) and retried, also elsewhere. */
    timeoutSec: number;
    /** First retry delay of a failed run; it doubles with each attempt (plus up to as much again at random). */
    retryBaseSec: number;
    /** How often lost runs are looked for and finished jobs archived (one instance does it per interval). */
    maintenanceSec: number;
    /** Failed jobs stay retryable this long; archived jobs are deleted after it. */
    keepDays: number;
  };
  privacy: {
    /** After a personal-data consent is withdrawn the person is restricted at once and anonymized after this delay. */
    withdrawnPurgeDelayHours: number;
    purgeEverySec: number;
    /** People who inquired but never came are anonymized this many days after anything last happened with them; 0 keeps them. */
    inquiryRetentionDays: number;
    /** Subject-request deadlines are counted in working days of this zone's calendar. */
    legalTimeZone: string;
  };
  /** Per-IP limit for public endpoints; counted per application instance. */
  publicRateLimit: { limit: number; windowSec: number };
  /** Per intake source (one website, one bot): deliveries per window; counted per application instance. */
  intakeSourceRateLimit: { limit: number; windowSec: number };
  /** The web-form inbox: accepted submissions become leads in batches. */
  intakeInbox: {
    /** Whether this instance turns accepted submissions into leads (an instance that only accepts leaves them to the others). */
    drainEnabled: boolean;
    /**
     * How long an answer waits for its lead to reach the operators' queue before answering anyway (the form is stored
     * either way); 0 answers as soon as the form is stored.
     */
    answerWaitMs: number;
    /** Submissions accepted by an instance that has not taken them this long are taken by any instance. */
    orphanAfterSec: number;
    /** Submissions turned into leads per transaction, at most. */
    batchSize: number;
  };
  realtime: {
    /** Longest wait for in-flight transactions that may still commit a lower event id before the relay moves on. */
    gapWaitMs: number;
    /** A reconnecting client that missed more than this many events is told to reload instead of replaying them. */
    replayMaxEvents: number;
    /** Events older than this are deleted; a client away longer is told to reload. */
    keepEventsHours: number;
    /** The same in minutes (REALTIME_KEEP_EVENTS_MINUTES, when set, wins): what the purge uses. */
    keepEventsMinutes: number;
  };
  messaging: MessagingConfig;
}

/** Talking back to patients: the delivery queue, the providers (base URLs are settable so tests talk to local fakes). */
export interface MessagingConfig {
  /** Where patients reach this server (unsubscribe links); unset: messages carry no link and patients write STOP. */
  publicBaseUrl: string | undefined;
  /** How often the dispatcher looks for due messages, how many it takes at once and sends in parallel, and how long one run may last. */
  dispatchEverySec: number;
  dispatchBatch: number;
  dispatchConcurrency: number;
  dispatchBudgetMs: number;
  /** Attempts per message before it ends `failed`; retries wait retryBaseSec, then twice as long each time. */
  maxAttempts: number;
  retryBaseSec: number;
  /** How long one provider request may take. */
  requestTimeoutMs: number;
  /** Provider requests per second (an SMS.ru request carries up to 100 messages). */
  ratePerSec: { telegram: number; vk: number; sms: number; email: number };
  telegramApiBaseUrl: string;
  vkApiBaseUrl: string;
  vkApiVersion: string;
  smsRu: { baseUrl: string; apiId: string | undefined; from: string | undefined; callbackSecret: string | undefined; test: boolean };
  smtp: { url: string | undefined; from: string | undefined };
  /** How often due recalls are looked for. */
  recallEverySec: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const WEAK_SECRETS = new Set(['secret', 'changeme', 'change-me', 'password', 'jwt-secret', 'clinicdesk']);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const production = nodeEnv === 'production';

  let secret = env.JWT_SECRET;
  if (!secret) {
    if (production) problems.push('JWT_SECRET is required in production (at least 32 random characters)');
    secret = randomBytes(32).toString('base64url');
  } else if (secret.length < 32 || WEAK_SECRETS.has(secret.toLowerCase())) {
    problems.push('JWT_SECRET must be at least 32 random characters and not a well-known default');
  }

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }
  if (production && !databaseUrl) problems.push('DATABASE_URL is required in production (the embedded PostgreSQL is for development)');

  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 12) problems.push('ADMIN_PASSWORD must be at least 12 characters');
  const adminEmail = env.ADMIN_EMAIL || 'admin@clinicdesk.local';
  if (!/^[^@\s]+@[^@\s]+$/.test(adminEmail)) problems.push('ADMIN_EMAIL must be an email address');

  const mfaKeyRaw = env.MFA_ENCRYPTION_KEY || undefined;
  if (!mfaKeyRaw && production) problems.push('MFA_ENCRYPTION_KEY is required in production (at least 32 random characters, kept apart from the database)');
  if (mfaKeyRaw && (mfaKeyRaw.length < 32 || WEAK_SECRETS.has(mfaKeyRaw.toLowerCase())))
    problems.push('MFA_ENCRYPTION_KEY must be at least 32 random characters');
  // Outside production a key is derived from JWT_SECRET (or a fixed development value), so that restarts can still
  // read the stored secrets; never rely on that where the data matters.
  const encryptionKey = createHash('sha256')
    .update(mfaKeyRaw ?? `clinicdesk-development-mfa-key:${env.JWT_SECRET ?? ''}`)
    .digest();
  const requiredRoles = (env.MFA_REQUIRED_ROLES ?? (production ? 'admin,manager' : ''))
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknownRoles = requiredRoles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknownRoles.length) problems.push(`MFA_REQUIRED_ROLES: unknown role(s) ${unknownRoles.join(', ')} (roles are ${ROLES.join(', ')})`);

  const trustProxyRaw = env.TRUST_PROXY ?? 'false';
  const trustProxy = trustProxyRaw === 'true' ? true : trustProxyRaw === 'false' ? false : trustProxyRaw;

  const config: AppConfig = {
    nodeEnv,
    port: read.int('PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR || '.data'),
    databasePoolSize: read.int('DATABASE_POOL_SIZE', 20, 1, 500),
    cacheTtlMs: read.int('CACHE_TTL_MS', 5000, 0, 600000),
    jwt: {
      secret,
      issuer: env.JWT_ISSUER || 'clinicdesk',
      audience: env.JWT_AUDIENCE || 'clinicdesk-api',
      accessTtlSec: read.int('JWT_ACCESS_TTL_SEC', 900, 30, 3600),
      refreshTtlSec: read.int('JWT_REFRESH_TTL_SEC', 30 * 24 * 3600, 300, 90 * 24 * 3600),
    },
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    trustProxy,
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    bodyLimitBytes: read.int('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 50 * 1024 * 1024),
    publicBodyLimitBytes: read.int('PUBLIC_BODY_LIMIT_BYTES', 16 * 1024, 1024, 1024 * 1024),
    login: {
      maxFailuresPerAccount: read.int('LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, 1, 1000),
      maxFailuresPerIp: read.int('LOGIN_MAX_FAILURES_PER_IP', 20, 1, 100000),
      windowSec: read.int('LOGIN_WINDOW_SEC', 900, 10, 86400),
    },
    mfa: { requiredRoles: [...new Set(requiredRoles)] as Role[], encryptionKey, issuer: env.MFA_ISSUER || 'Clinicdesk' },
    hsts: read.bool('HSTS', false),
    seedDemo: read.bool('SEED_DEMO', !production),
    apiDocsUi: read.bool('API_DOCS_UI', true),
    consoleUi: read.bool('CONSOLE_UI', true),
    widgetFrameAncestors: (env.WIDGET_FRAME_ANCESTORS ?? '').split(/[\s,]+/).filter(Boolean),
    adminEmail: adminEmail.toLowerCase(),
    adminPassword,
    defaultPhoneRegion: (env.DEFAULT_PHONE_REGION || 'RU').toUpperCase(),
    slotStepMin: read.int('SLOT_STEP_MIN', 15, 5, 240),
    jobs: {
      enabled: read.bool('JOBS_ENABLED', true),
      pollMs: read.int('JOBS_POLL_MS', 1000, 50, 60000),
      // pg-boss refuses a timeout of a day or more.
      timeoutSec: read.int('JOBS_TIMEOUT_SEC', 900, 1, 23 * 3600),
      retryBaseSec: read.int('JOBS_RETRY_BASE_SEC', 5, 0, 3600),
      maintenanceSec: read.int('JOBS_MAINTENANCE_SEC', 60, 1, 3600),
      keepDays: read.int('JOBS_KEEP_DAYS', 7, 1, 365),
    },
    privacy: {
      // 152-FZ art. 21 p. 5: data must be destroyed within 30 days of a withdrawal.
      withdrawnPurgeDelayHours: read.int('WITHDRAWN_DATA_PURGE_DELAY_HOURS', 24, 0, 30 * 24),
      purgeEverySec: read.int('PRIVACY_PURGE_EVERY_SEC', 900, 10, 86400),
      inquiryRetentionDays: read.int('INQUIRY_RETENTION_DAYS', 1095, 0, 36500),
      legalTimeZone: env.LEGAL_TIME_ZONE || 'Europe/Moscow',
    },
    publicRateLimit: {
      limit: read.int('PUBLIC_RATE_LIMIT', 30, 1, 100000),
      windowSec: read.int('PUBLIC_RATE_LIMIT_WINDOW_SEC', 60, 1, 86400),
    },
    intakeSourceRateLimit: {
      limit: read.int('INTAKE_SOURCE_RATE_LIMIT', 600, 1, 10_000_000),
      windowSec: read.int('INTAKE_SOURCE_RATE_LIMIT_WINDOW_SEC', 60, 1, 86400),
    },
    intakeInbox: {
      drainEnabled: read.bool('INTAKE_DRAIN_ENABLED', true),
      answerWaitMs: read.int('INTAKE_ANSWER_WAIT_MS', 0, 0, 60000),
      orphanAfterSec: read.int('INTAKE_ORPHAN_AFTER_SEC', 5, 1, 3600),
      batchSize: read.int('INTAKE_DRAIN_BATCH', 200, 1, 5000),
    },
    realtime: {
      gapWaitMs: read.int('REALTIME_GAP_WAIT_MS', 10000, 100, 600000),
      replayMaxEvents: read.int('REALTIME_REPLAY_MAX_EVENTS', 2000, 10, 100000),
      keepEventsHours: read.int('REALTIME_KEEP_EVENTS_HOURS', 72, 1, 8760),
      keepEventsMinutes: 0,
    },
    messaging: {
      publicBaseUrl: env.PUBLIC_BASE_URL ? env.PUBLIC_BASE_URL.replace(/\/+$/, '') : undefined,
      dispatchEverySec: read.int('MESSAGES_DISPATCH_EVERY_SEC', 1, 1, 3600),
      dispatchBatch: read.int('MESSAGES_DISPATCH_BATCH', 500, 1, 5000),
      dispatchConcurrency: read.int('MESSAGES_DISPATCH_CONCURRENCY', 8, 1, 256),
      dispatchBudgetMs: read.int('MESSAGES_DISPATCH_BUDGET_MS', 10_000, 100, 600_000),
      maxAttempts: read.int('MESSAGES_MAX_ATTEMPTS', 6, 1, 50),
      retryBaseSec: read.int('MESSAGES_RETRY_BASE_SEC', 30, 0, 86400),
      requestTimeoutMs: read.int('MESSAGES_REQUEST_TIMEOUT_MS', 10_000, 100, 120_000),
      ratePerSec: {
        telegram: read.int('TELEGRAM_RATE_PER_SEC', 25, 1, 10_000),
        vk: read.int('VK_RATE_PER_SEC', 20, 1, 10_000),
        sms: read.int('SMSRU_RATE_PER_SEC', 20, 1, 10_000),
        email: read.int('SMTP_RATE_PER_SEC', 10, 1, 10_000),
      },
      telegramApiBaseUrl: (env.TELEGRAM_API_BASE_URL || 'https://api.telegram.org').replace(/\/+$/, ''),
      vkApiBaseUrl: (env.VK_API_BASE_URL || 'https://api.vk.com').replace(/\/+$/, ''),
      vkApiVersion: env.VK_API_VERSION || '5.199',
      smsRu: {
        baseUrl: (env.SMSRU_BASE_URL || 'https://sms.ru').replace(/\/+$/, ''),
        apiId: env.SMSRU_API_ID || undefined,
        from: env.SMSRU_FROM || undefined,
        callbackSecret: env.SMSRU_CALLBACK_SECRET || undefined,
        test: read.bool('SMSRU_TEST', false),
      },
      smtp: { url: env.SMTP_URL || undefined, from: env.SMTP_FROM || undefined },
      recallEverySec: read.int('RECALL_EVERY_SEC', 3600, 10, 86400),
    },
  };
  config.realtime.keepEventsMinutes = read.int('REALTIME_KEEP_EVENTS_MINUTES', config.realtime.keepEventsHours * 60, 1, 8760 * 60);
  for (const origin of config.corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) problems.push(`CORS_ORIGINS: "${origin}" is not an origin like https://clinic.example`);
  }
  for (const source of config.widgetFrameAncestors) {
    if (source !== '*' && !/^https?:\/\/(\*\.)?[^/\s*;,']+(:(\d+|\*))?$/.test(source)) {
      problems.push(`WIDGET_FRAME_ANCESTORS: "${source}" is not an origin like https://clinic.example (or https://*.clinic.example, or *)`);
    }
  }
  if (!isTimeZone(config.privacy.legalTimeZone)) problems.push('LEGAL_TIME_ZONE must be an IANA time zone such as Europe/Moscow');
  if (env.JOBS_LEASE_SEC) problems.push('JOBS_LEASE_SEC is gone: set JOBS_TIMEOUT_SEC, after which an unfinished run is retried (default 900)');
  if (1440 % config.slotStepMin !== 0) problems.push('SLOT_STEP_MIN must divide a day evenly (5, 10, 15, 20, 30, 60 …)');
  if (!/^[A-Z]{2}$/.test(config.defaultPhoneRegion)) problems.push('DEFAULT_PHONE_REGION must be a two-letter country code');
  const urls: Array<[string, string | undefined]> = [
    ['PUBLIC_BASE_URL', config.messaging.publicBaseUrl],
    ['TELEGRAM_API_BASE_URL', config.messaging.telegramApiBaseUrl],
    ['VK_API_BASE_URL', config.messaging.vkApiBaseUrl],
    ['SMSRU_BASE_URL', config.messaging.smsRu.baseUrl],
  ];
  for (const [name, url] of urls) if (url !== undefined && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(url)) problems.push(`${name} must be an http(s) URL`);
  if (config.messaging.smtp.url && !/^smtps?:\/\/\S+$/.test(config.messaging.smtp.url))
    problems.push('SMTP_URL must look like smtp://user:password@host:587 or smtps://…');
  if (config.messaging.smtp.url && !config.messaging.smtp.from)
    problems.push('SMTP_FROM is required with SMTP_URL (for example "Clinic <noreply@clinic.example>")');
  if (config.messaging.smsRu.callbackSecret !== undefined && !/^[A-Za-z0-9_-]{16,200}$/.test(config.messaging.smsRu.callbackSecret)) {
    problems.push('SMSRU_CALLBACK_SECRET must be 16-200 characters of A-Z a-z 0-9 _ -');
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

class EnvReader {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly problems: string[],
  ) {}

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
    return fallback;
  }
}
