import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Journal } from '../journal/journal.ts';
import { journalFilter } from './control.ts';
import { webHeaders } from './proxy-request.ts';
import { reportRoute } from './report-routes.ts';
import { messageOf } from '../guards.ts';

const isLoopback = (address: string | undefined) =>
  !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

function jsonAnswer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

/** The proxy's control routes (`/__mock/report`, `/__mock/requests`): for loopback callers, never for web pages. */
export async function control(
  journal: Journal,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  let answer: Response;
  if (!isLoopback(request.socket.remoteAddress)) answer = jsonAnswer(404, { code: 404, message: 'Not found' });
  else if (request.headers.origin !== undefined)
    answer = jsonAnswer(403, {
      code: 403,
      message: 'Control routes do not answer requests from web pages (an Origin header was sent)',
    });
  else {
    const web = new Request(url.href, { method: request.method, headers: webHeaders(request.headers) });
    answer = reportRoute(journal, web, 'proxy') ?? requestsRoute(journal, request.method ?? 'GET', url);
  }
  request.resume();
  const body = Buffer.from(await answer.arrayBuffer());
  response.writeHead(answer.status, Object.fromEntries(answer.headers));
  response.end(body);
}

function requestsRoute(journal: Journal, method: string, url: URL): Response {
  if (url.pathname === '/__mock/requests' && method === 'GET') {
    try {
      return jsonAnswer(200, journal.entries(journalFilter(url.searchParams)));
    } catch (error) {
      return jsonAnswer(400, { code: 400, message: messageOf(error) });
    }
  }
  if (url.pathname === '/__mock/requests' && method === 'DELETE') return jsonAnswer(200, { cleared: journal.clear() });
  return jsonAnswer(404, {
    code: 404,
    message: `No control route ${method} ${url.pathname}; the proxy's: GET /__mock/report (.json, .xml), GET and DELETE /__mock/requests`,
  });
}
