import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

const strong = 'k3J9x2LmQ8vR4tY7wZ1aB5cD6eF0gH2iJ';

describe('loadConfig', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ nodeEnv: 'development', port: 3000, databaseUrl: undefined, seedDemo: true, logLevel: 'info' });
    expect(config.jwt.secret.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses to start in production on a generated or default secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/clinicdesk' })).toThrow(/JWT_SECRET is required/);
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/clinicdesk', JWT_SECRET: 'changeme' })).toThrow(/JWT_SECRET must be/);
    const ok = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/clinicdesk', JWT_SECRET: strong, MFA_ENCRYPTION_KEY: `${strong}-mfa` });
    expect(ok.seedDemo).toBe(false);
  });

  it('requires the key of two-factor secrets in production and asks admins and managers for two-factor sign-in there', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/clinicdesk', JWT_SECRET: strong };
    expect(() => loadConfig(production)).toThrow(/MFA_ENCRYPTION_KEY is required/);
    expect(() => loadConfig({ ...production, MFA_ENCRYPTION_KEY: 'short' })).toThrow(/MFA_ENCRYPTION_KEY must be/);
    const config = loadConfig({ ...production, MFA_ENCRYPTION_KEY: `${strong}-mfa` });
    expect(config.mfa.requiredRoles).toEqual(['admin', 'manager']);
    expect(config.mfa.encryptionKey).toHaveLength(32);
    // An empty value turns the requirement off; outside production nobody must by default.
    expect(loadConfig({ ...production, MFA_ENCRYPTION_KEY: `${strong}-mfa`, MFA_REQUIRED_ROLES: '' }).mfa.requiredRoles).toEqual([]);
    expect(loadConfig({}).mfa.requiredRoles).toEqual([]);
    expect(loadConfig({ MFA_REQUIRED_ROLES: 'admin, operator' }).mfa.requiredRoles).toEqual(['admin', 'operator']);
    expect(() => loadConfig({ MFA_REQUIRED_ROLES: 'admin,doctor' })).toThrow(/MFA_REQUIRED_ROLES: unknown role\(s\) doctor/);
  });

  it('reads the sites that may embed the booking widget, and refuses what is not an origin', () => {
    expect(loadConfig({}).widgetFrameAncestors).toEqual([]);
    expect(loadConfig({ WIDGET_FRAME_ANCESTORS: 'https://clinic.example, https://*.clinic.example http://127.0.0.1:*' }).widgetFrameAncestors).toEqual([
      'https://clinic.example',
      'https://*.clinic.example',
      'http://127.0.0.1:*',
    ]);
    expect(() => loadConfig({ WIDGET_FRAME_ANCESTORS: "https://clinic.example/booking 'unsafe-inline'" })).toThrow(
      /WIDGET_FRAME_ANCESTORS: "https:\/\/clinic.example\/booking"/,
    );
  });

  it('derives a stable development key for two-factor secrets, and HSTS only when asked', () => {
    expect(loadConfig({ JWT_SECRET: strong }).mfa.encryptionKey).toEqual(loadConfig({ JWT_SECRET: strong }).mfa.encryptionKey);
    expect(loadConfig({ JWT_SECRET: strong }).mfa.encryptionKey).not.toEqual(loadConfig({ JWT_SECRET: `${strong}x` }).mfa.encryptionKey);
    expect(loadConfig({}).hsts).toBe(false);
    expect(loadConfig({ HSTS: 'true' }).hsts).toBe(true);
  });

  it('lists every problem in one readable error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', CORS_ORIGINS: 'clinic.example', TRUST_PROXY: 'true' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT must be a whole number/);
    expect(problems).toMatch(/LOG_LEVEL must be one of/);
    expect(problems).toMatch(/DATABASE_URL must start with postgres/);
    expect(problems).toMatch(/CORS_ORIGINS/);
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('reads the job settings, within what the job queue accepts, and names the one that was renamed', () => {
    expect(loadConfig({}).jobs).toEqual({ enabled: true, pollMs: 1000, timeoutSec: 900, retryBaseSec: 5, maintenanceSec: 60, keepDays: 7 });
    const config = loadConfig({ JOBS_ENABLED: 'false', JOBS_TIMEOUT_SEC: '82800', JOBS_RETRY_BASE_SEC: '0', JOBS_MAINTENANCE_SEC: '1', JOBS_KEEP_DAYS: '30' });
    expect(config.jobs).toMatchObject({ enabled: false, timeoutSec: 82800, retryBaseSec: 0, maintenanceSec: 1, keepDays: 30 });
    expect(() => loadConfig({ JOBS_TIMEOUT_SEC: '86400' })).toThrow(/JOBS_TIMEOUT_SEC must be a whole number from 1 to 82800/);
    expect(() => loadConfig({ JOBS_LEASE_SEC: '300' })).toThrow(/JOBS_LEASE_SEC is gone: set JOBS_TIMEOUT_SEC/);
  });

  it('reads proxy trust, body limits and login limits', () => {
    const config = loadConfig({ TRUST_PROXY: '10.0.0.0/8', BODY_LIMIT_BYTES: '2048', LOGIN_MAX_FAILURES_PER_ACCOUNT: '7' });
    expect(config.trustProxy).toBe('10.0.0.0/8');
    expect(config.bodyLimitBytes).toBe(2048);
    expect(config.login.maxFailuresPerAccount).toBe(7);
  });
});
