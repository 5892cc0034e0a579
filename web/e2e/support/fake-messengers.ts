import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small Telegram Bot API and VK API on 127.0.0.1 for the app under test (TELEGRAM_API_BASE_URL and VK_API_BASE_URL):
 * `sendMessage` answers the sent Message as Telegram does; VK's `messages.send` and `*.createComment` answer new ids as
 * VK does and are kept for `/control/vk-calls`. Tests steer Telegram per chat over `/control/*`: `refuse` makes the next
 * send to a chat fail as a blocked bot does (403), `hold` keeps the answers to a chat waiting until `release`.
 */
export async function startFakeMessengers(): Promise<{ url: string; close: () => Promise<void> }> {
  const vkCalls: Array<{ method: string; params: Record<string, unknown> }> = [];
  const refused = new Map<string, number>();
  const held = new Map<string, Array<() => void>>();
  let nextId = 1000;
  const server: Server = createServer((req, res) => {
    void readJson(req).then((body) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      const chat = String(body.chat_id ?? '');
      if (path === '/control/refuse') {
        refused.set(chat, (refused.get(chat) ?? 0) + 1);
        return send(200, { ok: true });
      }
      if (path === '/control/hold') {
        held.set(chat, held.get(chat) ?? []);
        return send(200, { ok: true });
      }
      if (path === '/control/release') {
        const waiting = held.get(chat) ?? [];
        held.delete(chat);
        waiting.forEach((go) => go());
        return send(200, { ok: true, released: waiting.length });
      }
      if (path === '/control/held') return send(200, { ok: true, count: held.get(chat)?.length ?? 0 });
      if (path === '/control/vk-calls')
        return send(200, { ok: true, calls: vkCalls.map(({ method, params: { access_token: _, ...params } }) => ({ method, params })) });
      if (path.startsWith('/method/')) {
        const method = path.slice('/method/'.length);
        vkCalls.push({ method, params: body });
        if (method === 'messages.send') return send(200, { response: nextId++ });
        if (method.endsWith('.createComment')) return send(200, { response: { comment_id: nextId++, parents_stack: [] } });
        return send(200, { error: { error_code: 3, error_msg: 'Unknown method passed' } });
      }
      if (!path.endsWith('/sendMessage') && !path.endsWith('/answerCallbackQuery')) return send(404, { ok: false, error_code: 404, description: 'Not Found' });
      const answer = () => {
        if (path.endsWith('/answerCallbackQuery')) return send(200, { ok: true, result: true });
        const refusals = refused.get(chat) ?? 0;
        if (refusals > 0) {
          refused.set(chat, refusals - 1);
          return send(403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
        }
        return send(200, {
          ok: true,
          result: { message_id: nextId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(chat), type: 'private' }, text: body.text },
        });
      };
      const waiting = held.get(chat);
      if (waiting) waiting.push(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  return String(req.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
}
