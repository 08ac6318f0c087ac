import { errorResponse, jsonResponse } from '../http/errors.ts';
import type { Mock } from '../core/mock.ts';
import { SeedError } from '../store/seed.ts';

/**
 * `/__mock/` control routes: `POST reset` (back to the seed), `GET snapshot` (the whole state as a seed),
 * `POST restore` (a snapshot as the body). The server answers them to loopback callers only.
 */
export function controlRoutes(mock: Mock): (request: Request) => Promise<Response> {
  return async (request) => {
    const route = `${request.method} ${new URL(request.url).pathname}`;
    switch (route) {
      case 'POST /__mock/reset':
        mock.reset();
        return jsonResponse(200, { reset: true });
      case 'GET /__mock/snapshot':
        return jsonResponse(200, mock.snapshot());
      case 'POST /__mock/restore': {
        let snapshot: unknown;
        try {
          snapshot = await request.json();
        } catch {
          return errorResponse(400, 'Invalid json: the body must be a snapshot from GET /__mock/snapshot');
        }
        try {
          mock.restore(snapshot as never);
        } catch (error) {
          if (error instanceof SeedError) return errorResponse(400, error.message);
          throw error;
        }
        return jsonResponse(200, { restored: true });
      }
      default:
        return errorResponse(
          404,
          `No control route ${route}; control routes: POST /__mock/reset, GET /__mock/snapshot, POST /__mock/restore`,
        );
    }
  };
}
