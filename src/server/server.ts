import { errorResponse } from '../http/errors.ts';
import { requestTarget } from '../http/request-target.ts';
import { createMock, type Mock, type MockOptions } from '../core/mock.ts';
import type { DocumentName } from '../spec/documents.ts';
import { controlRoutes } from './control.ts';
import { withCors } from './cors.ts';
import { createDocsRoutes, isDocsPath } from './docs.ts';
import { closeServers, listenOn, v0Url } from './listening.ts';
import { nodeListener } from './node-adapter.ts';
import { StateFile } from './persistence.ts';
import { requestLog, type LogFormat } from './request-log.ts';

/** `latency`, `errorRate` and `random` are the mock's own (`MockOptions`): the server applies them through `mock.hosts`. */
export interface ServerOptions extends MockOptions {
  host?: string;
  port?: number;
  dataPort?: number;
  /** Keep the state in this file: loaded at start when it exists, saved after changes and at shutdown. */
  stateFile?: string;
  /**
   * The request log: `text` (one line per request), `json` (one journal entry per line) or `none`. Default `none`
   * here (tests start servers in-process); the `c3d-mock` command logs `text` unless `--log json` or `--quiet`.
   */
  log?: LogFormat;
  /** Where log lines go (default stdout, coloured on a terminal). */
  logWrite?: (line: string) => void;
  /**
   * Hand the mock lightweight requests and write its kept answers to the socket as they are (default true, or false
   * when the environment sets `C3D_MOCK_FAST_PATH=0`); false builds a platform Request and Response for every request,
   * as MSW does. Both give the same answers (`test/server/fast-path.test.ts`).
   */
  fastPath?: boolean;
}

export interface RunningServer {
  mock: Mock;
  urls: { api: string; data: string };
  close(): Promise<void>;
}

const isLoopback = (address: string | undefined) =>
  !!address &&
  (address === '::1' ||
    address.startsWith('127.') ||
    address === '::ffff:127.0.0.1' ||
    address.startsWith('::ffff:127.'));

/**
 * The standalone mock: the dashboard API and the data collector on two ports of one host, each serving
 * the core's fetch directly, with CORS, and the API reference (`/docs`, `/openapi/`); control routes under
 * `/__mock/` answer loopback callers only.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const stateFile = options.stateFile ? new StateFile(options.stateFile) : undefined;
  const saved = await stateFile?.read();
  // A saved state is served as it was saved: its dates were moved when its seed was first loaded.
  const mock = createMock(
    saved ? { ...options, seed: saved, seedSource: options.stateFile, shiftSeedDates: false } : options,
  );
  if (stateFile && !saved) await stateFile.save(mock);
  const persist = (fetch: (request: Request) => Promise<Response>) =>
    stateFile
      ? async (request: Request) => {
          const response = await fetch(request);
          stateFile.noteRequest(mock);
          return response;
        }
      : fetch;
  const host = options.host ?? '127.0.0.1';
  const ports: Record<DocumentName, number> = { api: 0, data: 0 };
  const docs = createDocsRoutes({ mock, ports: () => ports, now: mock.now });
  const log = requestLog(mock, { format: options.log ?? 'none', write: options.logWrite });
  const fast = options.fastPath ?? process.env.C3D_MOCK_FAST_PATH !== '0';
  const listen = (port: number, home: DocumentName, fetch: (request: Request) => Promise<Response>) => {
    const control = controlRoutes(mock);
    const answerApi = withCors(fetch);
    const answerDocs = withCors(docs(home));
    const handler = log.wrap(home, (request, incoming) => {
      const { pathname } = requestTarget(request);
      if (pathname.startsWith('/__mock/')) {
        const remote = incoming.socket.remoteAddress;
        if (!isLoopback(remote)) return errorResponse(404, 'Not found');
        // A page on any site can make the browser POST here from this machine: browsers send Origin, tools do not.
        if (request.headers.has('origin'))
          return errorResponse(403, 'Control routes do not answer requests from web pages (an Origin header was sent)');
        return persist(control)(request);
      }
      return isDocsPath(pathname) ? answerDocs(request) : answerApi(request);
    });
    return listenOn(port, host, nodeListener(handler, { fast, hostname: host }));
  };
  // The network conditions (latency, errorRate, the x-c3d-mock-* headers) are the mock's: `mock.hosts` applies them.
  // The mock's answers may be kept (`mock.nodeHosts`): the Node adapter writes them as they are on the fast path, and
  // builds their platform Responses off it (the request log finds their journal entries either way).
  const hosts = mock.nodeHosts;
  const api = await listen(options.port ?? 4010, 'api', persist(hosts.api));
  ports.api = api.port;
  const data = await listen(options.dataPort ?? 4011, 'data', persist(hosts.data));
  ports.data = data.port;
  return {
    mock,
    urls: { api: v0Url(host, api.port), data: v0Url(host, data.port) },
    // Stops accepting, lets requests under way finish (idle keep-alive connections are closed), then saves the state.
    close: async () => {
      await closeServers([api.server, data.server]);
      await stateFile?.save(mock);
      log.stop();
    },
  };
}
