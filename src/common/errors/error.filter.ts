import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describeError } from './error-envelope.js';

/** The one place that turns errors into HTTP responses (the error envelope with the request id). */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    sendError(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}

export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply, logger: Logger): void {
  const described = describeError(error);
  if (described.unexpected) logger.error({ failure: safeError(error), requestId: request.id }, 'request failed');
  else if (described.status === 503) logger.warn({ requestId: request.id, code: (error as { code?: string })?.code }, 'database unavailable');
  if (described.headers) void reply.headers(described.headers);
  // A route may have set another content type (text/plain webhooks) before it failed: errors are always JSON.
  void reply
    .status(described.status)
    .type('application/json; charset=utf-8')
    .send({ ...described.body, requestId: request.id });
}

/** Database errors carry row values in `detail`/`parameters`: log only what identifies the failure. */
function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: typeof error };
  const e = error as Error & { code?: string; constraint?: string; table?: string; driverError?: { code?: string; constraint?: string; table?: string } };
  if (e.name === 'QueryFailedError' || e.driverError) {
    return { type: e.name, code: e.driverError?.code ?? e.code, constraint: e.driverError?.constraint ?? e.constraint, table: e.driverError?.table ?? e.table };
  }
  return { type: e.name, message: e.message, stack: e.stack };
}
