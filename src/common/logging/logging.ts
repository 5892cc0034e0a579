import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../../config/config.js';

/**
 * Keys whose values are personal data or secrets: pino replaces them wherever a log call passes them,
 * at the top level or one object deep. Request logs carry only method, path (no query string) and id.
 */
export const REDACTED_KEYS = [
  'authorization', 'cookie', 'password', 'passwordHash', 'accessToken', 'refreshToken', 'token', 'secret', 'key',
  'phone', 'email', 'name', 'fullName', 'firstName', 'lastName', 'middleName', 'birthDate', 'message', 'note', 'notes',
  'body', 'text', 'ip', 'userAgent', 'address', 'query',
];

export function loggerParams(config: AppConfig, destination?: NodeJS.WritableStream): Params {
  return {
    pinoHttp: [
      {
        level: config.logLevel,
        redact: { paths: REDACTED_KEYS.flatMap((k) => [k, `*.${k}`]), censor: '[redacted]' },
        genReqId: (req: IncomingMessage) => (req as IncomingMessage & { requestId?: string }).requestId ?? 'unknown',
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
        customLogLevel: (_req: IncomingMessage, res: { statusCode: number }, err?: Error) =>
          err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
        customSuccessMessage: () => 'request completed',
        customErrorMessage: () => 'request failed',
        autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/v1/health' },
      },
      ...(destination ? [destination] : []),
    ] as Params['pinoHttp'],
  };
}
