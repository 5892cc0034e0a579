import { type INestApplication, Logger, ValidationPipe, type ValidationError } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger as PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppModule, type AppModuleOptions } from './app.module.js';
import { AppError } from './common/errors/app-error.js';
import { ErrorFilter, sendError } from './common/errors/error.filter.js';
import { NoNulCharactersPipe } from './common/http/no-nul-characters.pipe.js';
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
  configureApp(app, options.config);
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
  });
}

function setCommonHeaders(request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('X-Request-Id', request.id);
  void reply.header('X-Content-Type-Options', 'nosniff');
  void reply.header('Referrer-Policy', 'no-referrer');
}

/** Pipes, filters, hooks and API docs: everything between Fastify and the controllers. */
export function configureApp(app: NestFastifyApplication, config: AppConfig): void {
  app.useLogger(app.get(PinoLogger));
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(
    new NoNulCharactersPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) =>
        new AppError(400, 'VALIDATION_FAILED', 'Some fields are missing or invalid', flattenValidationErrors(errors)),
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
  fastify.addHook('onRequest', async (request, reply) => setCommonHeaders(request, reply));

  SwaggerModule.setup('api/docs', app, buildApiDocument(app), { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false, ui: config.apiDocsUi });
  if (config.consoleUi) serveConsole(app);
}

/** The OpenAPI document of every route; the console's typed client is generated from it (`npm run api:types`). */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Clinicdesk API')
      .setDescription('Appointment booking and call-center CRM for private clinics. Errors: `{ error: { code, message, details }, requestId }`.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}

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
