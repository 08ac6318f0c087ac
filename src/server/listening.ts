import { createServer, type RequestListener, type Server } from 'node:http';

export interface Listening {
  server: Server;
  port: number;
}

/** A Node HTTP server listening on `host:port` (0: any free port), with the port it got. */
export function listenOn(port: number, host: string, listener: RequestListener): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = createServer(listener);
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      // Listening on a TCP port, a server's address is never a pipe's name.
      if (address === null || typeof address === 'string') reject(new Error(`not listening on a port: ${address}`));
      else resolve({ server, port: address.port });
    });
  });
}

/** The `/v0` root served on `host:port` (an IPv6 host in brackets). */
export function v0Url(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/v0`;
}

/** Stops accepting and lets requests under way finish; idle keep-alive connections are closed at once. */
export function closeServers(servers: readonly Server[]): Promise<void> {
  return Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        }),
    ),
  ).then(() => undefined);
}
