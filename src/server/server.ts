import type { AddressInfo } from 'node:net';
import { serve, type HttpBindings } from '@hono/node-server';
import type { Server } from 'node:http';
import { withConditions, type Conditions } from '../http/conditions.ts';
import { errorResponse } from '../http/errors.ts';
import { createMock, type Mock, type MockOptions } from '../core/mock.ts';
import type { DocumentName } from '../spec/documents.ts';
import { controlRoutes } from './control.ts';
import { withCors } from './cors.ts';
import { createDocsRoutes, isDocsPath } from './docs.ts';
import { StateFile } from './persistence.ts';

export interface ServerOptions extends MockOptions, Conditions {
  host?: string;
  port?: number;
  dataPort?: number;
  /** Keep the state in this file: loaded at start when it exists, saved after changes and at shutdown. */
  stateFile?: string;
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
  const listen = (port: number, home: DocumentName, fetch: (request: Request) => Promise<Response>) =>
    new Promise<{ server: Server; port: number }>((resolve, reject) => {
      const control = controlRoutes(mock);
      const answerApi = withCors(fetch);
      const answerDocs = withCors(docs(home));
      const server = serve(
        {
          fetch: (request: Request, env: unknown) => {
            const { pathname } = new URL(request.url);
            if (pathname.startsWith('/__mock/')) {
              const remote = (env as HttpBindings).incoming.socket.remoteAddress;
              if (!isLoopback(remote)) return errorResponse(404, 'Not found');
              // A page on any site can make the browser POST here from this machine: browsers send Origin, tools do not.
              if (request.headers.has('origin'))
                return errorResponse(
                  403,
                  'Control routes do not answer requests from web pages (an Origin header was sent)',
                );
              return persist(control)(request);
            }
            return isDocsPath(pathname) ? answerDocs(request) : answerApi(request);
          },
          port,
          hostname: host,
        },
        (info: AddressInfo) => resolve({ server: server as Server, port: info.port }),
      ) as Server;
      server.once('error', reject);
    });
  // Only the conditions are kept: holding `options` would keep the whole seed alive beside the store.
  const conditions: Conditions = { latency: options.latency, errorRate: options.errorRate, random: options.random };
  const api = await listen(options.port ?? 4010, 'api', persist(withConditions(mock.hosts.api, conditions)));
  ports.api = api.port;
  const data = await listen(options.dataPort ?? 4011, 'data', persist(withConditions(mock.hosts.data, conditions)));
  ports.data = data.port;
  const base = (port: number) => `http://${host.includes(':') ? `[${host}]` : host}:${port}/v0`;
  return {
    mock,
    urls: { api: base(api.port), data: base(data.port) },
    // Stops accepting, lets requests under way finish (idle keep-alive connections are closed), then saves the state.
    close: async () => {
      await Promise.all(
        [api.server, data.server].map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeIdleConnections();
            }),
        ),
      );
      await stateFile?.save(mock);
    },
  };
}
