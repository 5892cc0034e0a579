import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ApiProperty, DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { IS_PUBLIC, ROLES_KEY, SIGN_IN_STEP } from '../auth/roles.js';

class ApiErrorBody {
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable code to act on (SLOT_TAKEN, LEAD_ALREADY_CLAIMED, …)' }) code: string;
  @ApiProperty({ example: 'The request is not valid' }) message: string;
  @ApiProperty({
    required: false,
    description: 'For VALIDATION_FAILED, `[{ field, messages }]`; for some other codes, facts about the refusal',
    oneOf: [{ type: 'array', items: { type: 'object' } }, { type: 'object' }],
  })
  details?: unknown;
}

/** The body of every error answer. */
export class ErrorEnvelope {
  @ApiProperty({ type: ApiErrorBody }) error: ApiErrorBody;
  @ApiProperty({ description: 'The request id, also in the X-Request-Id header and the server log' }) requestId: string;
}

const ENVELOPE = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } };

/** The errors every route of a kind gives, beside the ones a route declares itself (409, 422, 429…). */
const COMMON_ERRORS: Record<string, string> = {
  '400': 'VALIDATION_FAILED: a parameter or the body is not valid (`details` lists the fields)',
  '401': 'UNAUTHENTICATED: no valid access token',
  '403': 'FORBIDDEN: the role may not do this, or the branch is not one of the caller’s',
  '404': 'NOT_FOUND: no such record within the caller’s reach',
};

interface RouteAccess {
  public: boolean;
  signInStep: boolean;
  roles: boolean;
}

/** The OpenAPI document of every route; the console's typed client is generated from it (`npm run api:types`). */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Clinicdesk API')
      .setDescription('Appointment booking and call-center CRM for private clinics. Errors: `{ error: { code, message, details }, requestId }`.')
      .setVersion('1')
      // As in package.json.
      .setLicense('AGPL-3.0-only', 'https://www.gnu.org/licenses/agpl-3.0.html')
      .addServer('/', 'This server (every path carries the /api/v1 prefix)')
      .addBearerAuth()
      .build(),
    { extraModels: [ErrorEnvelope] },
  );
  describeAccessAndErrors(document, routeAccess(app));
  return document;
}

/**
 * Public routes say so (`security: []`); every route lists the errors it gives with the error envelope: 401 and 403
 * where a role is required, 404 where it reads a record by id, 400 where it validates parameters or a body.
 */
function describeAccessAndErrors(document: OpenAPIObject, access: Map<string, RouteAccess>): void {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const route = access.get(operation.operationId ?? '');
      if (!route) throw new Error(`No route behind the operation ${operation.operationId}`);
      if (route.public) operation.security = [];
      const codes: string[] = [];
      const parameters = (operation.parameters ?? []) as Array<{ in?: string }>;
      if (parameters.some((p) => p.in === 'query' || p.in === 'path') || operation.requestBody) codes.push('400');
      if (route.roles || route.signInStep) codes.push('401');
      if (route.roles) codes.push('403');
      if (route.roles && parameters.some((p) => p.in === 'path')) codes.push('404');
      for (const code of codes) operation.responses[code] ??= { description: COMMON_ERRORS[code]! };
      for (const [code, response] of Object.entries(operation.responses)) {
        if (code.startsWith('4') && response && 'description' in response && !response.content) response.content = ENVELOPE;
      }
    }
  }
}

/** Who may call each route, by operation id (`Controller_method`, as the document names operations). */
function routeAccess(app: INestApplication): Map<string, RouteAccess> {
  const access = new Map<string, RouteAccess>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const meta = (key: string) => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
        access.set(`${controller.name}_${name}`, {
          public: Boolean(meta(IS_PUBLIC)),
          signInStep: Boolean(meta(SIGN_IN_STEP)),
          roles: Boolean(meta(ROLES_KEY)),
        });
      }
    }
  }
  return access;
}
