import { errorResponse } from './errors.ts';

/** Latency as a fixed number of milliseconds or a range to draw from. */
export type Latency = { min: number; max: number };

export interface Conditions {
  latency?: Latency;
  /** The share of requests (0..1) answered with a server error instead of being handled. */
  errorRate?: number;
  random?: () => number;
}

export function parseLatency(text: string): Latency {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`latency must be MS or MIN-MAX, not ${JSON.stringify(text)}`);
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (max < min) throw new Error(`latency range ${text} runs backwards`);
  return { min, max };
}

export function parseErrorRate(text: string): number {
  const rate = Number(text);
  if (!Number.isFinite(rate) || rate < 0 || rate > 1)
    throw new Error(`error rate must be a number from 0 to 1, not ${JSON.stringify(text)}`);
  return rate;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Upload endpoints of the real data host sometimes answer HTML error pages; the mock's injected errors on multipart requests do too.
const htmlPage = (status: number) =>
  new Response(
    `<html><head><title>${status} Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>`,
    {
      status,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    },
  );

/**
 * Wraps a host's fetch with network conditions, set for all requests or per request by headers:
 * `x-c3d-mock-latency: MS|MIN-MAX` and `x-c3d-mock-error: STATUS` (500–599) force them for one request.
 */
export function withConditions(
  fetch: (request: Request) => Promise<Response>,
  conditions: Conditions,
): (request: Request) => Promise<Response> {
  const random = conditions.random ?? Math.random;
  return async (request) => {
    const latencyHeader = request.headers.get('x-c3d-mock-latency');
    let latency = conditions.latency;
    if (latencyHeader !== null) {
      try {
        latency = parseLatency(latencyHeader);
      } catch (error) {
        return errorResponse(400, (error as Error).message, { field: 'x-c3d-mock-latency' });
      }
    }
    if (latency && latency.max > 0) await sleep(latency.min + Math.floor(random() * (latency.max - latency.min + 1)));
    const forced = request.headers.get('x-c3d-mock-error');
    let status: number | undefined;
    if (forced !== null) {
      status = Number(forced);
      if (!Number.isInteger(status) || status < 500 || status > 599)
        return errorResponse(400, 'x-c3d-mock-error must be a status from 500 to 599', { field: 'x-c3d-mock-error' });
    } else if (conditions.errorRate && random() < conditions.errorRate) status = 503;
    if (status !== undefined) {
      const multipart = request.headers.get('content-type')?.startsWith('multipart/form-data');
      return multipart ? htmlPage(status) : errorResponse(status, 'Injected server error (c3d-mock)');
    }
    return fetch(request);
  };
}
