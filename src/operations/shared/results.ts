import type { JsonText, OperationResult } from './types.ts';

export const ok = <T>(json: T, headers?: Record<string, string>): OperationResult<T> => ({
  status: 200,
  json,
  headers,
});
/** A 200 whose JSON is serialised already (`KeptJson`). */
export const okJsonText = <T>(jsonText: JsonText<T>): OperationResult<T> => ({ status: 200, jsonText });
export const created = <T>(json: T): OperationResult<T> => ({ status: 201, json });
/** Answers that carry no JSON fit every operation's result. */
export const noContent = (): OperationResult<never> => ({ status: 204, empty: true });
export const emptyOk = (): OperationResult<never> => ({ status: 200, empty: true });
export const text = (
  status: number,
  body: string,
  contentType = 'text/plain; charset=utf-8',
): OperationResult<never> => ({
  status,
  text: body,
  contentType,
});
export const file = (
  bytes: Uint8Array<ArrayBuffer>,
  contentType: string,
  headers?: Record<string, string>,
): OperationResult<never> => ({
  status: 200,
  bytes,
  contentType,
  headers,
});
