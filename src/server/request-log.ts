import type { Mock } from '../core/mock.ts';
import { formatLogLine } from '../journal/log-line.ts';
import type { JournalEntry } from '../journal/types.ts';
import type { DocumentName } from '../spec/document-names.ts';
import type { NodeFetch } from './node-adapter.ts';

/** `text`: one line per request (coloured on a terminal); `json`: one journal entry per line; `none`: nothing. */
export type LogFormat = 'text' | 'json' | 'none';

export interface RequestLogOptions {
  format: LogFormat;
  /** Where lines go (default: stdout). */
  write?: (line: string) => void;
  /** Colour the text lines (default: when stdout is a terminal and `write` is not given). */
  color?: boolean;
}

type Handler = NodeFetch;

/**
 * The server's request log. Requests the mock's pipeline answered are logged from their journal entries, as they are
 * recorded; every other answer of the server (the API reference, control routes, CORS preflights, injected errors) by
 * the wrapper around each port's handler, in the same shape (`seq` 0: not in the journal). Answers `wrap` to put
 * around each port's handler, and `stop`.
 */
export function requestLog(
  mock: Mock,
  options: RequestLogOptions,
): { wrap: (home: DocumentName, handler: Handler) => Handler; stop: () => void } {
  if (options.format === 'none') return { wrap: (_home, handler) => handler, stop: () => {} };
  const color = options.color ?? (options.write === undefined && process.stdout.isTTY === true);
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const emit = (entry: JournalEntry) =>
    write(options.format === 'json' ? JSON.stringify(entry) : formatLogLine(entry, color));
  mock.journal.trackResponses();
  const stop = mock.journal.listen(emit);
  const wrap =
    (home: DocumentName, handler: Handler): Handler =>
    async (request, env) => {
      const started = performance.now();
      const response = await handler(request, env);
      if (mock.journal.entryOf(response)) return response;
      const entry = serverEntry(home, request, response, started);
      if (response.status >= 300 && response.headers.get('content-type')?.startsWith('application/json'))
        entry.reason = await response
          .clone()
          .json()
          .then((body: { message?: unknown }) => (typeof body.message === 'string' ? body.message : null))
          .catch(() => null);
      emit(entry);
      return response;
    };
  return { wrap, stop };
}

/** An answer the pipeline did not give, in the journal's shape. */
function serverEntry(home: DocumentName, request: Request, response: Response, started: number): JournalEntry {
  const url = new URL(request.url);
  return {
    seq: 0,
    time: new Date().toISOString(),
    host: home,
    method: request.method,
    path: url.pathname + url.search,
    operationId: null,
    principal: null,
    status: response.status,
    reason: null,
    rule: null,
    durationMs: Math.round((performance.now() - started) * 100) / 100,
    violations: [],
    warnings: [],
  };
}
