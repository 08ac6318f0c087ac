import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { compiledHosts } from '../core/mock.ts';
import { Journal } from '../journal/journal.ts';
import { formatLogLine } from '../journal/log-line.ts';
import { fromEntries } from '../guards.ts';
import type { JournalEntry } from '../journal/types.ts';
import { keyFormats } from '../spec/credential-kinds.ts';
import { documentNames, type DocumentName } from '../spec/document-names.ts';
import { bundledDocuments } from '../spec/load.ts';
import { defaultCheckLimit, type ProxyContext, serve, type Upstream } from './proxy-exchange.ts';
import { closeServers, type Listening, listenOn, v0Url } from './listening.ts';
import type { LogFormat } from './request-log.ts';

export { defaultCheckLimit } from './proxy-exchange.ts';

export interface ProxyOptions {
  /** Each host's upstream: its `/v0` root (`https://api.cognitive3d.com/v0`) or its origin. */
  upstream: Record<DocumentName, string>;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** The dashboard API's port (default 4010; 0: any free one). */
  port?: number;
  /** The data collector's port (default 4011; 0: any free one). */
  dataPort?: number;
  /** How many exchanges the journal keeps (default 10,000). */
  journalSize?: number;
  /** The request log: `text`, `json` or `none` (default `none`; the `c3d-mock proxy` command logs `text`). */
  log?: LogFormat;
  logWrite?: (line: string) => void;
  /** Bodies are checked up to this many bytes (default 1 MiB); longer ones stream through unchecked. */
  checkLimit?: number;
  /** Told of every exchange as it is recorded. */
  onEntry?: (entry: JournalEntry) => void;
}

export interface RunningProxy {
  /** The proxy's `/v0` roots, one per host. */
  urls: Record<DocumentName, string>;
  journal: Journal;
  close(): Promise<void>;
}

/**
 * The validating proxy: forwards every request unchanged to a real backend (method, path, query, headers but the
 * hop-by-hop ones, the body streamed) and judges both directions with the journal's rules: the request as the mock
 * judges it, less what only the backend knows (which keys exist, roles, tenants); the answer against the documents
 * (`answer-*` rules). Findings go to the journal (`/__mock/requests`, `/__mock/report`), the log and the answer's
 * `x-c3d-violations` header; bodies pass through byte for byte. An upstream that cannot be reached answers 502.
 */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const hosts = compiledHosts();
  const formats = keyFormats(documentNames.map((name) => bundledDocuments[name]));
  const journal = new Journal(options.journalSize, [options.onEntry]);
  const limit = options.checkLimit ?? defaultCheckLimit;
  const stopLog = startLog(journal, options);
  const upstreams = upstreamsOf(options.upstream);
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  const context: ProxyContext = { hosts, formats, journal, limit, upstreams, agents };

  const host = options.host ?? '127.0.0.1';
  const listen = (port: number, home: DocumentName) =>
    listenOn(port, host, (request, response) => serve(context, home, request, response));
  const api = await listen(options.port ?? 4010, 'api');
  let data: Listening;
  try {
    data = await listen(options.dataPort ?? 4011, 'data');
  } catch (error) {
    api.server.close();
    throw error;
  }
  return {
    urls: { api: v0Url(host, api.port), data: v0Url(host, data.port) },
    journal,
    close: async () => {
      await closeServers([api.server, data.server]);
      agents.http.destroy();
      agents.https.destroy();
      stopLog();
    },
  };
}

/** The request log, when one is asked for: its lines written as the journal records. Returns what stops it. */
function startLog(journal: Journal, options: ProxyOptions): () => void {
  const format = options.log ?? 'none';
  if (format === 'none') return () => {};
  const color = options.logWrite === undefined && process.stdout.isTTY === true;
  const write = options.logWrite ?? ((line: string) => process.stdout.write(`${line}\n`));
  return journal.listen((entry) => write(format === 'json' ? JSON.stringify(entry) : formatLogLine(entry, color)));
}

/** Each host's upstream, checked to be an http: or https: URL, with the path prefix its `/v0` routes go under. */
function upstreamsOf(given: Record<DocumentName, string>): Record<DocumentName, Upstream> {
  return fromEntries(
    documentNames.map((name): [DocumentName, Upstream] => {
      let url: URL;
      try {
        url = new URL(given[name]);
      } catch {
        throw new Error(`the ${name} upstream must be a URL, not ${JSON.stringify(given[name])}`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new Error(`the ${name} upstream must be an http: or https: URL, not ${url.href}`);
      const prefix = url.pathname.replace(/\/+$/, '').replace(/\/v0$/, '');
      return [name, { url, prefix }];
    }),
  );
}
