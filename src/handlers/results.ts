import type { HandlerResult } from './types.ts';

export const ok = (json: unknown, headers?: Record<string, string>): HandlerResult => ({ status: 200, json, headers });
export const created = (json: unknown): HandlerResult => ({ status: 201, json });
export const noContent = (): HandlerResult => ({ status: 204, empty: true });
export const emptyOk = (): HandlerResult => ({ status: 200, empty: true });
export const text = (status: number, body: string, contentType = 'text/plain; charset=utf-8'): HandlerResult => ({
  status,
  text: body,
  contentType,
});
export const file = (bytes: Uint8Array, contentType: string, headers?: Record<string, string>): HandlerResult => ({
  status: 200,
  bytes,
  contentType,
  headers,
});
