import { Logger, ValidationPipe, type ValidationError } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppModule, type AppModuleOptions } from './app.module.js';
import { AppError } from './common/errors/app-error.js';
import { ErrorFilter, sendError } from './common/errors/error.filter.js';
import { buildApiDocument } from './common/http/api-document.js';
import { answerClientError } from './common/http/client-errors.js';
import { SafeInputPipe } from './common/http/safe-input.pipe.js';
import { keepValidationRulesPerClass } from './common/http/validation-metadata.js';
import { AppLogger } from './common/logging/app-logger.js';
import { markRoutePattern } from './common/logging/logging.js';
import type { AppConfig } from './config/config.js';
import { serveConsole } from './console/console-static.js';
import { RealtimeIoAdapter } from './realtime/realtime.io-adapter.js';

export const API_PREFIX = 'api/v1';
const INCOMING_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;
const frameworkLogger = new Logger('Errors');

/** Builds the whole application, as `main` and the tests both do. Call `listen` or `init` on the result. */
export async function createApp(options: AppModuleOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), createAdapter(options.config), {
    bufferLogs: true,
    abortOnError: false,
    // Webhook signatures (telephony) are checked against the exact bytes received.
    rawBody: true,
  });
  await configureApp(app, options.config);
  return app;
}

function createAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    logger: false,
    // A caller's X-Request-Id is kept when it looks like one, so a request can be traced across systems.
    genReqId: (req: IncomingMessage) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && INCOMING_REQUEST_ID.test(incoming) ? incoming : randomUUID();
      (req as IncomingMessage & { requestId?: string }).requestId = id;
      return id;
    },
    // A URL the router cannot take (a malformed percent-escape, an over-long path value) still gets the envelope.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      setCommonHeaders(request, reply);
      sendError(error, request, reply, frameworkLogger);
    },
    // Headers over Node's limit (431) and requests that are not HTTP never reach a route: they get the envelope too.
    clientErrorHandler: answerClientError,
  });
}

/** Set on every answer, also those no route or plugin hook saw (a malformed URL). */
function setCommonHeaders(request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('X-Request-Id', request.id);
  // Also set by helmet, but answers Fastify makes itself before routing (a malformed URL) carry only these.
  void reply.header('X-Content-Type-Options', 'nosniff');
  void reply.header('Referrer-Policy', 'no-referrer');
  // Answers carry personal data: no browser or proxy may keep a copy.
  if (request.url.startsWith('/api/')) void reply.header('Cache-Control', 'no-store');
}

/**
 * Security headers (helmet): no framing, no MIME sniffing, no referrer, and a content security policy that lets the
 * API docs page (its own scripts and styles, inline styles, data: images) work and nothing else run. HSTS only when
 * served over HTTPS (HSTS=true), since a browser would then refuse plain HTTP to this host for a year. The headers are
 * worked out once, here, and set on every answer (the Fastify plugin would rebuild them for each request).
 */
function securityHeaders(config: AppConfig): ReturnType<typeof helmet> {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.hsts ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    hsts: config.hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
}

/** Pipes, filters, hooks and API docs: everything between Fastify and the controllers. */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const logger = app.get(AppLogger);
  app.useLogger(logger);
  app.setGlobalPrefix(API_PREFIX);
  keepValidationRulesPerClass();
  app.useGlobalPipes(
    new SafeInputPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new AppError('VALIDATION_FAILED', 'Some fields are missing or invalid', flattenValidationErrors(errors)),
    }),
  );
  app.useGlobalFilters(new ErrorFilter());
  app.enableCors({ origin: config.corsOrigins.length ? config.corsOrigins : false, exposedHeaders: ['X-Request-Id', 'Retry-After'] });
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, config));

  const fastify = app.getHttpAdapter().getInstance();
  // Public endpoints (forms, webhooks) take small bodies only.
  fastify.addHook('onRoute', (route) => {
    if (route.url.startsWith(`/${API_PREFIX}/public/`)) route.bodyLimit = config.publicBodyLimitBytes;
  });
  // API requests are logged as they complete; lines written while one is handled carry its id.
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.url.startsWith(`/${API_PREFIX}/`)) logger.track(request.raw, reply.raw, () => done());
    else done();
  });
  const security = securityHeaders(config);
  fastify.addHook('onRequest', (request, reply, done) => {
    setCommonHeaders(request, reply);
    markRoutePattern(request);
    security(request.raw, reply.raw, (error) => done(error as Error | undefined));
  });

  SwaggerModule.setup('api/docs', app, buildApiDocument(app), { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false, ui: config.apiDocsUi });
  if (config.consoleUi) serveConsole(app, { widgetFrameAncestors: config.widgetFrameAncestors });
}

export { buildApiDocument };

export interface FieldError {
  field: string;
  messages: string[];
}

function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}
