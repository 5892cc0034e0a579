import type { FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Options } from 'pino-http';
import type { AppConfig } from '../../config/config.js';

/**
 * Keys whose values are personal data or secrets: pino replaces them wherever a log call passes them,
 * at the top level or one object deep. Request logs carry only method, route pattern and id.
 */
export const REDACTED_KEYS = [
  'authorization',
  'cookie',
  'password',
  'passwordHash',
  'accessToken',
  'refreshToken',
  'token',
  'secret',
  'key',
  'phone',
  'email',
  'name',
  'fullName',
  'firstName',
  'lastName',
  'middleName',
  'birthDate',
  'message',
  'note',
  'notes',
  'body',
  'text',
  'ip',
  'userAgent',
  'address',
  'query',
];

/** Where the request log finds the route a request matched (set on the raw request by an onRequest hook, read as it completes). */
const ROUTE_PATTERN = Symbol('clinicdesk.routePattern');
type RawWithRoute = IncomingMessage & { [ROUTE_PATTERN]?: string };

/**
 * Request logs name the route's pattern (`/api/v1/public/intake/tilda/:key`), never the path as sent: a path can
 * carry a secret (an intake key, a token) or personal data. A request that matched no route is logged without one.
 */
export function markRoutePattern(request: FastifyRequest): void {
  const pattern = request.routeOptions?.url;
  if (pattern) (request.raw as RawWithRoute)[ROUTE_PATTERN] = pattern;
}

/** The request logger's settings: PII redaction, the request id, the route pattern, and quiet health checks. */
export function loggerOptions(config: AppConfig): Options {
  return {
    level: config.logLevel,
    redact: { paths: REDACTED_KEYS.flatMap((k) => [k, `*.${k}`]), censor: '[redacted]' },
    genReqId: (req: IncomingMessage) => (req as IncomingMessage & { requestId?: string }).requestId ?? 'unknown',
    serializers: {
      // Bound when the request arrives, before routing: the route is added to the completion entry below.
      req: (req: { id: string; method: string }) => ({ id: req.id, method: req.method }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req: IncomingMessage, res: { statusCode: number }, err?: Error) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    customSuccessObject: (req: RawWithRoute, _res: unknown, entry: object) => ({ ...entry, route: req[ROUTE_PATTERN] ?? null }),
    customErrorObject: (req: RawWithRoute, _res: unknown, _error: unknown, entry: object) => ({ ...entry, route: req[ROUTE_PATTERN] ?? null }),
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/v1/health' },
  } as Options;
}
