import createClient from 'openapi-fetch';
import { ApiError } from './errors';
import type { paths } from './schema';
import { session } from './session';

/**
 * Every request carries the access token. A 401 is met with one silent refresh and a retry; if the session was
 * revoked, the console returns to the sign-in page saying so.
 */
export async function authorizedFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  const send = (req: Request) => {
    const token = session.accessToken;
    if (token) req.headers.set('Authorization', `Bearer ${token}`);
    return fetch(req);
  };
  const response = await send(request);
  if (response.status !== 401) return response;
  if (!(await session.refresh().catch(() => false))) {
    session.expire();
    return response;
  }
  return send(retry);
}

export const api = createClient<paths>({ baseUrl: '', fetch: authorizedFetch });

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful call, or an ApiError with the server's code and message. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(0, 'NETWORK', 'The server cannot be reached');
  }
  if (result.error !== undefined || !result.response.ok) throw ApiError.from(result.response.status, result.error);
  return result.data as T;
}

/** Every page of a list endpoint, following `nextCursor`. */
export async function allPages<T>(page: (cursor: string | undefined) => Promise<{ data: T[]; nextCursor: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const result = await page(cursor);
    items.push(...result.data);
    cursor = result.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/**
 * A file the API streams (a CSV report, a call recording), fetched with the session's token; the server's
 * suggested file name comes with it.
 */
export async function fetchFile(path: string, query: Record<string, string | undefined> = {}): Promise<{ blob: Blob; name: string | null }> {
  const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
  let response: Response;
  try {
    response = await authorizedFetch(new Request(`${path}${params.size ? `?${params}` : ''}`));
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server cannot be reached');
  }
  if (!response.ok) throw ApiError.from(response.status, await response.json().catch(() => undefined));
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? null;
  return { blob: await response.blob(), name };
}
