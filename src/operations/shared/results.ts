import type { OperationResult } from './types.ts';

export const ok = (json: unknown, headers?: Record<string, string>): OperationResult => ({
  status: 200,
  json,
  headers,
});
/** A 200 whose JSON is serialised already (`KeptJson`). */
export const okJsonText = (jsonText: string): OperationResult => ({ status: 200, jsonText });
export const created = (json: unknown): OperationResult => ({ status: 201, json });
export const noContent = (): OperationResult => ({ status: 204, empty: true });
export const emptyOk = (): OperationResult => ({ status: 200, empty: true });
export const text = (status: number, body: string, contentType = 'text/plain; charset=utf-8'): OperationResult => ({
  status,
  text: body,
  contentType,
});
export const file = (
  bytes: Uint8Array<ArrayBuffer>,
  contentType: string,
  headers?: Record<string, string>,
): OperationResult => ({
  status: 200,
  bytes,
  contentType,
  headers,
});
