import type { LoggerService } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger as Pino } from 'pino';
import { type HttpLogger, type Options, pinoHttp } from 'pino-http';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * The app's one logger: pino-http logs each request as it completes, and Nest's own logging (every `new Logger(...)`)
 * goes to the same pino instance. A line written while a request is handled carries that request's id (its `req`
 * binding), as the request's completion line does.
 */
export class AppLogger implements LoggerService {
  private readonly http: HttpLogger;
  /** The logger of the request being handled, for lines written on its behalf. */
  private readonly requestScope = new AsyncLocalStorage<Pino>();

  constructor(options: Options, destination?: NodeJS.WritableStream) {
    this.http = destination ? pinoHttp(options, destination) : pinoHttp(options);
  }

  /** Starts the request's log (its completion line follows when the answer is sent); `next` runs in its scope. */
  track(request: IncomingMessage, response: ServerResponse, next: () => void): void {
    this.http(request, response);
    this.requestScope.run((request as IncomingMessage & { log: Pino }).log, next);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /**
   * Nest passes the logger's context (its name) last. Its exception handlers call `error(message, stack, context)`:
   * the stack becomes the logged error's.
   */
  private write(level: Level, message: unknown, params: unknown[]): void {
    const logger = this.requestScope.getStore() ?? this.http.logger;
    const fields: Record<string, unknown> = {};
    const rest = [...params];
    if (rest.length && typeof rest[rest.length - 1] === 'string') fields.context = rest.pop();
    if (message instanceof Error) {
      logger[level]({ ...fields, err: message });
    } else if (typeof message === 'object' && message !== null) {
      logger[level]({ ...fields, ...message });
    } else if (level === 'error' && rest.length === 1 && typeof rest[0] === 'string') {
      const err = new Error(String(message));
      err.stack = rest[0];
      logger[level]({ ...fields, err });
    } else {
      logger[level](fields, String(message));
    }
  }
}
