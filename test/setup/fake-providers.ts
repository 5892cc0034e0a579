import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A request a fake provider received: its path, and its body parsed as the provider's real API sends it. */
export interface ProviderCall {
  path: string;
  method: string;
  body: Record<string, unknown>;
  at: number;
}

/** What the next requests get instead of the normal answer: an HTTP status (with headers and body) or a dropped connection. */
export type Failure = { status: number; headers?: Record<string, string>; body?: unknown } | 'drop';

/**
 * A real HTTP server on 127.0.0.1 speaking one provider's request and response shapes. `calls` are the requests that
 * reached it (failed ones included); `failNext` makes the next requests fail.
 */
export class FakeHttpProvider {
  readonly calls: ProviderCall[] = [];
  private failures: Failure[] = [];
  private readonly waiters = new Set<() => void>();
  private server!: Server;
  baseUrl = '';

  constructor(private readonly answer: (call: ProviderCall, fake: FakeHttpProvider) => { status?: number; body: unknown }) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  failNext(...failures: Failure[]): void {
    this.failures.push(...failures);
  }

  /** Calls to a path ending with `suffix` (e.g. "/sendMessage"), failed ones left out. */
  succeeded(suffix: string): ProviderCall[] {
    return this.calls.filter((c) => c.path.endsWith(suffix) && !(c as ProviderCall & { failed?: boolean }).failed);
  }

  /** Resolves once `count` calls (of a suffix) have arrived. */
  waitFor(count: number, suffix = '', timeoutMs = 15_000): Promise<ProviderCall[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.calls.filter((c) => c.path.endsWith(suffix));
        if (found.length < count) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${count} calls to *${suffix}; got ${this.calls.map((c) => c.path).join(', ')}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const type = String(req.headers['content-type'] ?? '');
    const body: Record<string, unknown> = type.includes('json') ? (raw ? JSON.parse(raw) : {}) : Object.fromEntries(new URLSearchParams(raw));
    const call: ProviderCall & { failed?: boolean } = { path: new URL(req.url ?? '/', 'http://x').pathname, method: req.method ?? 'GET', body, at: Date.now() };
    this.calls.push(call);
    const failure = this.failures.shift();
    if (failure) call.failed = true;
    for (const waiter of [...this.waiters]) waiter();
    if (failure === 'drop') {
      req.socket.destroy();
      return;
    }
    const { status, body: answer } = failure ? { status: failure.status, body: failure.body ?? { ok: false } } : this.answer(call, this);
    res.writeHead(status ?? 200, { 'content-type': 'application/json', ...(failure ? failure.headers : {}) });
    res.end(JSON.stringify(answer));
  }
}

/** Telegram Bot API: /bot<token>/sendMessage answers the sent Message; answerCallbackQuery answers true. */
export function fakeTelegram(): Promise<FakeHttpProvider> {
  let nextId = 1000;
  return new FakeHttpProvider((call) => {
    if (call.path.endsWith('/sendMessage')) {
      return {
        body: {
          ok: true,
          result: { message_id: nextId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(call.body.chat_id), type: 'private' }, text: call.body.text },
        },
      };
    }
    if (call.path.endsWith('/answerCallbackQuery')) return { body: { ok: true, result: true } };
    return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };
  }).start();
}

/**
 * VK API: messages.send answers the new message id, and like VK answers a repeated random_id with the first id
 * without sending again (`delivered` counts what people would see); wall/photos/board.createComment likewise by guid.
 */
export class FakeVk extends FakeHttpProvider {
  readonly delivered: ProviderCall[] = [];
}

export async function fakeVk(): Promise<FakeVk> {
  const seen = new Map<string, number>();
  let nextId = 5000;
  const fake: FakeVk = new FakeVk((call) => {
    const method = call.path.replace('/method/', '');
    const key = call.body.random_id !== undefined ? `random_id:${call.body.random_id}` : call.body.guid !== undefined ? `guid:${call.body.guid}` : null;
    if (!['messages.send', 'wall.createComment', 'photos.createComment', 'board.createComment'].includes(method)) {
      return { body: { error: { error_code: 3, error_msg: 'Unknown method passed' } } };
    }
    let id = key ? seen.get(key) : undefined;
    if (id === undefined) {
      id = nextId++;
      if (key) seen.set(key, id);
      fake.delivered.push(call);
    }
    return { body: method === 'messages.send' ? { response: id } : { response: { comment_id: id, parents_stack: [] } } };
  });
  return fake.start();
}

/** SMS.ru: /sms/send with multi[number]=text answers per number with an sms_id (or the error of a number given in `refuse`). */
export function fakeSmsRu(refuse: Set<string> = new Set()): Promise<FakeHttpProvider> {
  let nextId = 1;
  return new FakeHttpProvider((call) => {
    const numbers = Object.keys(call.body)
      .map((k) => /^multi\[(\d+)\]$/.exec(k)?.[1])
      .filter((n): n is string => !!n);
    if (!numbers.length && call.body.to) numbers.push(...String(call.body.to).split(','));
    const sms = Object.fromEntries(
      numbers.map((n) => [
        n,
        refuse.has(n)
          ? { status: 'ERROR', status_code: 207, status_text: 'На этот номер (или один из номеров) нельзя отправлять сообщения' }
          : { status: 'OK', status_code: 100, sms_id: `000000-${String(nextId++).padStart(8, '0')}` },
      ]),
    );
    return { body: { status: 'OK', status_code: 100, sms, balance: 4122.56 } };
  }).start();
}

/** A local SMTP server (smtp-server) that keeps every message it accepts. */
export class FakeSmtp {
  readonly messages: { from: string; to: string[]; raw: string }[] = [];
  private server!: SMTPServer;
  url = '';

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.messages.push({
            from: String(session.envelope.mailFrom && session.envelope.mailFrom.address),
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.server.address() as AddressInfo;
    this.url = `smtp://127.0.0.1:${port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The app settings that point every provider at these fakes. */
export function providerEnv(p: { telegram?: FakeHttpProvider; vk?: FakeHttpProvider; sms?: FakeHttpProvider; smtp?: FakeSmtp }): Record<string, string> {
  return {
    ...(p.telegram ? { TELEGRAM_API_BASE_URL: p.telegram.baseUrl } : {}),
    ...(p.vk ? { VK_API_BASE_URL: p.vk.baseUrl } : {}),
    ...(p.sms ? { SMSRU_BASE_URL: p.sms.baseUrl, SMSRU_API_ID: 'test-api-id' } : {}),
    ...(p.smtp ? { SMTP_URL: p.smtp.url, SMTP_FROM: 'Clinic <noreply@clinic.example>' } : {}),
    MESSAGES_RETRY_BASE_SEC: '0',
  };
}
