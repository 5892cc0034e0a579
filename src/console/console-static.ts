import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built console (`vite build` writes it next to the compiled server: dist/web). */
export const CONSOLE_DIR = fileURLToPath(new URL('../../web/', import.meta.url));
const API_PATH = /^\/api(\/|$)/;
const HAS_EXTENSION = /\/[^/]*\.[^/]*$/;

/** What every page of ours may load: its own scripts and styles, and talk only to this server (HTTP and the socket). */
function contentSecurityPolicy(frameAncestors: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Mantine sets inline styles; doctors' photos may live on the clinic's website.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'self' data: blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

/** The staff console (and the consent-withdrawal page) can never be framed by another site. */
export const CONSOLE_CSP = contentSecurityPolicy("'none'");

/** The booking widget page may be framed by this server's own pages and by the clinic's sites (WIDGET_FRAME_ANCESTORS). */
export function widgetCsp(frameAncestors: readonly string[]): string {
  return contentSecurityPolicy(frameAncestors.includes('*') ? '*' : ["'self'", ...frameAncestors].join(' '));
}

/** Public pages for patients (no sign-in), each its own small bundle: never the staff console. */
const PUBLIC_PAGES: Array<{ url: string; file: string; embeddable: boolean }> = [
  { url: '/widget', file: 'widget.html', embeddable: true },
  { url: '/consent/withdraw', file: 'withdraw.html', embeddable: false },
];
/** The script a clinic's site includes to embed the widget: it adds the widget's iframe where it stands. */
const EMBED_SCRIPT = '/widget.js';

/**
 * Serves the console at `/`: hashed assets with a long cache, `index.html` (never cached) for every client route.
 * `/api/*` and paths that name a file keep Nest's JSON 404. Returns false when the console was not built.
 */
export function serveConsole(app: NestFastifyApplication, options: { widgetFrameAncestors: readonly string[] }, root = CONSOLE_DIR): boolean {
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
    setHeaders: (res: unknown, served: string) => {
      const reply = res as FastifyReply;
      // A browser that accepts compression gets widget.js.br: the headers are those of widget.js.
      const path = served.replace(/\.(br|gz)$/, '');
      if (path.includes('/assets/')) void reply.header('Cache-Control', 'public, max-age=31536000, immutable');
      else if (path.endsWith(EMBED_SCRIPT)) embedScriptHeaders(reply);
      else if (PUBLIC_PAGES.some((p) => p.embeddable && path.endsWith(`/${p.file}`))) embeddablePageHeaders(reply, options.widgetFrameAncestors);
      else pageHeaders(reply);
    },
  });

  const fastify = app.getHttpAdapter().getInstance();
  const page = (request: FastifyRequest, reply: FastifyReply) => {
    if (API_PATH.test(request.url) || HAS_EXTENSION.test(request.url.split('?')[0]!)) return reply.callNotFound();
    pageHeaders(reply);
    return (reply as FastifyReply & { sendFile(file: string, root: string): FastifyReply }).sendFile('index.html', root);
  };
  for (const publicPage of PUBLIC_PAGES) {
    fastify.route({
      method: ['GET', 'HEAD'],
      url: publicPage.url,
      // The file's headers (setHeaders above) say whether the page may be framed.
      handler: (_request: FastifyRequest, reply: FastifyReply) =>
        (reply as FastifyReply & { sendFile(file: string, root: string): FastifyReply }).sendFile(publicPage.file, root),
    });
  }
  fastify.route({ method: ['GET', 'HEAD'], url: '/', handler: page });
  fastify.route({ method: ['GET', 'HEAD'], url: '/*', handler: page });
  return true;
}

/** Clinic sites load the embed script from here: it must be readable across origins (helmet says same-origin by default). */
function embedScriptHeaders(reply: FastifyReply): void {
  void reply.header('Cache-Control', 'public, max-age=300');
  void reply.header('Cross-Origin-Resource-Policy', 'cross-origin');
}

/** The booking widget page: framed by the clinic's sites; frame-ancestors decides (X-Frame-Options cannot name several sites). */
function embeddablePageHeaders(reply: FastifyReply, frameAncestors: readonly string[]): void {
  pageHeaders(reply);
  void reply.header('Content-Security-Policy', widgetCsp(frameAncestors));
  reply.removeHeader('X-Frame-Options');
}

function pageHeaders(reply: FastifyReply): void {
  void reply.header('Cache-Control', 'no-cache');
  void reply.header('Content-Security-Policy', CONSOLE_CSP);
  void reply.header('X-Frame-Options', 'DENY');
  void reply.header('Cross-Origin-Opener-Policy', 'same-origin');
  void reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
}
