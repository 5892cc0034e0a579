import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { AppConfig } from '../config/config.js';

// Typed through IoAdapter: it creates servers from its own copy of socket.io.
type Server = ReturnType<IoAdapter['createIOServer']>;
type ServerOptions = NonNullable<Parameters<IoAdapter['createIOServer']>[1]>;

/** socket.io on the application's own HTTP server (Fastify's), with limits suited to a push-only channel. */
export class RealtimeIoAdapter extends IoAdapter {
  private readonly servers = new Set<Server>();

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      serveClient: false,
      // Clients only send `resume`; anything large is a mistake or an attack.
      maxHttpBufferSize: 16 * 1024,
      pingInterval: 20_000,
      pingTimeout: 10_000,
      connectTimeout: 10_000,
      cors: { origin: this.config.corsOrigins.length ? this.config.corsOrigins : false },
    } as ServerOptions);
    this.servers.add(server);
    return server;
  }

  /**
   * Ends every socket without closing the HTTP server, which the HTTP adapter closes next. Nest hands `close` a
   * namespace, which has no `close` of its own, so open sockets would otherwise keep the process alive.
   */
  override async dispose(): Promise<void> {
    for (const server of this.servers) {
      server.local.disconnectSockets(true);
      server.engine.close();
    }
    this.servers.clear();
    await super.dispose();
  }
}
