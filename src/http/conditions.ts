import { errorResponse } from './errors.ts';

/** Latency as a fixed number of milliseconds or a range to draw from. */
export type Latency = { min: number; max: number };

export interface Conditions {
  /** Delay every answer: milliseconds, a `MIN-MAX` range to draw from (as `--latency` takes it), or `{ min, max }`. */
  latency?: number | string | Latency;
  /** The share of requests (0..1) answered with 503 instead of being handled (as `--error-rate` takes it). */
  errorRate?: number | string;
  /** Draws the latency within its range and decides the injected errors (tests); `Math.random` by default. */
  random?: () => number;
}

/** The latency option as a range: a number or a `MS`/`MIN-MAX` string parsed as the `--latency` flag is. */
export function latencyOf(latency: Conditions['latency']): Latency | undefined {
  if (latency === undefined) return undefined;
  if (typeof latency === 'string') return parseLatency(latency);
  if (typeof latency === 'number') return parseLatency(String(latency));
  if (!Number.isInteger(latency.min) || !Number.isInteger(latency.max) || latency.min < 0 || latency.max < latency.min)
    throw new Error(`latency must be a range of whole milliseconds, not ${JSON.stringify(latency)}`);
  return latency;
}

/** The error-rate option as a number from 0 to 1, checked as the `--error-rate` flag is. */
export function errorRateOf(rate: Conditions['errorRate']): number | undefined {
  return rate === undefined ? undefined : parseErrorRate(String(rate));
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
export function withConditions<Extra extends unknown[]>(
  fetch: (request: Request, ...extra: Extra) => Promise<Response>,
  conditions: Conditions,
): (request: Request, ...extra: Extra) => Promise<Response> {
  const random = conditions.random ?? Math.random;
  // Checked once, here, so a bad option fails where the mock is made rather than on its first request.
  const fixedLatency = latencyOf(conditions.latency);
  const errorRate = errorRateOf(conditions.errorRate);
  return async (request, ...extra) => {
    const latencyHeader = request.headers.get('x-c3d-mock-latency');
    let latency = fixedLatency;
    if (latencyHeader !== null) {
      try {
        latency = parseLatency(latencyHeader);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return errorResponse(400, message, { field: 'x-c3d-mock-latency' });
      }
    }
    if (latency && latency.max > 0) await sleep(latency.min + Math.floor(random() * (latency.max - latency.min + 1)));
    const forced = request.headers.get('x-c3d-mock-error');
    let status: number | undefined;
    if (forced !== null) {
      status = Number(forced);
      if (!Number.isInteger(status) || status < 500 || status > 599)
        return errorResponse(400, 'x-c3d-mock-error must be a status from 500 to 599', { field: 'x-c3d-mock-error' });
    } else if (errorRate && random() < errorRate) status = 503;
    if (status !== undefined) {
      const multipart = request.headers.get('content-type')?.startsWith('multipart/form-data');
      return multipart ? htmlPage(status) : errorResponse(status, 'Injected server error (c3d-mock)');
    }
    return fetch(request, ...extra);
  };
}
