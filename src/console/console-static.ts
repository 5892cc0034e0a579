import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built console (`vite build` writes it next to the compiled server: dist/web). */
export const CONSOLE_DIR = fileURLToPath(new URL('../../web/', import.meta.url));
const API_PATH = /^\/api(\/|$)/;
const HAS_EXTENSION = /\/[^/]*\.[^/]*$/;

/**
 * The console page may load only its own scripts and styles and talk only to this server (HTTP and the socket).
 * Mantine sets inline styles; doctors' photos may live on the clinic's website.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the console at `/`: hashed assets with a long cache, `index.html` (never cached) for every client route.
 * `/api/*` and paths that name a file keep Nest's JSON 404. Returns false when the console was not built.
 */
export function serveConsole(app: NestFastifyApplication, root = CONSOLE_DIR): boolean {
  if (!existsSync(`${root}index.html`)) {
    new Logger('Console').warn(`The console is not built (no ${root}index.html); run "npm run build" to serve it at /`);
    return false;
  }
  app.useStaticAssets({
    root,
    prefix: '/',
    // Files are listed once at start, so the catch-all route below can coexist with them (restart after a rebuild).
    wildcard: false,
    index: false,
    preCompressed: true,
    // @fastify/static passes the reply (Nest's type for it is older).
    setHeaders: (res: unknown, path: string) => {
      const reply = res as FastifyReply;
      if (path.includes('/assets/')) void reply.header('Cache-Control', 'public, max-age=31536000, immutable');
      else pageHeaders(reply);
    },
  });

  const fastify = app.getHttpAdapter().getInstance();
  const page = (request: FastifyRequest, reply: FastifyReply) => {
    if (API_PATH.test(request.url) || HAS_EXTENSION.test(request.url.split('?')[0]!)) return reply.callNotFound();
    pageHeaders(reply);
    return (reply as FastifyReply & { sendFile(file: string, root: string): FastifyReply }).sendFile('index.html', root);
  };
  fastify.route({ method: ['GET', 'HEAD'], url: '/', handler: page });
  fastify.route({ method: ['GET', 'HEAD'], url: '/*', handler: page });
  return true;
}

function pageHeaders(reply: FastifyReply): void {
  void reply.header('Cache-Control', 'no-cache');
  void reply.header('Content-Security-Policy', CONSOLE_CSP);
  void reply.header('X-Frame-Options', 'DENY');
  void reply.header('Cross-Origin-Opener-Policy', 'same-origin');
  void reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
}
