import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** The only place that reads process.env. Everything else receives an AppConfig. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Unset: an embedded PostgreSQL is started under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  databasePoolSize: number;
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
  login: { maxFailuresPerAccount: number; maxFailuresPerIp: number; windowSec: number };
  seedDemo: boolean;
  /** Serve the interactive API docs page at /api/docs (the JSON at /api/docs-json is always served). */
  apiDocsUi: boolean;
  adminEmail: string;
  adminPassword: string | undefined;
  defaultPhoneRegion: string;
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

  const trustProxyRaw = env.TRUST_PROXY ?? 'false';
  const trustProxy = trustProxyRaw === 'true' ? true : trustProxyRaw === 'false' ? false : trustProxyRaw;

  const config: AppConfig = {
    nodeEnv,
    port: read.int('PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR || '.data'),
    databasePoolSize: read.int('DATABASE_POOL_SIZE', 20, 1, 500),
    jwt: {
      secret,
      issuer: env.JWT_ISSUER || 'clinicdesk',
      audience: env.JWT_AUDIENCE || 'clinicdesk-api',
      accessTtlSec: read.int('JWT_ACCESS_TTL_SEC', 900, 30, 3600),
      refreshTtlSec: read.int('JWT_REFRESH_TTL_SEC', 30 * 24 * 3600, 300, 90 * 24 * 3600),
    },
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    trustProxy,
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    bodyLimitBytes: read.int('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 50 * 1024 * 1024),
    publicBodyLimitBytes: read.int('PUBLIC_BODY_LIMIT_BYTES', 16 * 1024, 1024, 1024 * 1024),
    login: {
      maxFailuresPerAccount: read.int('LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, 1, 1000),
      maxFailuresPerIp: read.int('LOGIN_MAX_FAILURES_PER_IP', 20, 1, 100000),
      windowSec: read.int('LOGIN_WINDOW_SEC', 900, 10, 86400),
    },
    seedDemo: read.bool('SEED_DEMO', !production),
    apiDocsUi: read.bool('API_DOCS_UI', true),
    adminEmail: adminEmail.toLowerCase(),
    adminPassword,
    defaultPhoneRegion: (env.DEFAULT_PHONE_REGION || 'RU').toUpperCase(),
  };
  for (const origin of config.corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) problems.push(`CORS_ORIGINS: "${origin}" is not an origin like https://clinic.example`);
  }
  if (!/^[A-Z]{2}$/.test(config.defaultPhoneRegion)) problems.push('DEFAULT_PHONE_REGION must be a two-letter country code');
  if (problems.length) throw new ConfigError(problems);
  return config;
}

class EnvReader {
  constructor(private readonly env: NodeJS.ProcessEnv, private readonly problems: string[]) {}

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
