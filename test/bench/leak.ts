/**
 * The leak check of `npm run bench`: the mock in-process (createMock), sent mixed requests (reads, session
 * queries, a file download, writes: a session tagged and untagged, a widget created and deleted), its RSS
 * after the first 20,000 compared with its RSS after all of them. The state is reset every 10,000 requests,
 * as a test suite resets it between tests, so the audit log's designed growth (an entry per write) is not
 * counted as a leak while every reset is. Run as a script (`node --expose-gc --import tsx test/bench/leak.ts
 * [REQUESTS]`), it prints the report as JSON; with `--expose-gc`, every sample is taken after a full
 * collection, so it measures what is kept rather than when the collector last ran.
 */
import { fileURLToPath } from 'node:url';
import { createMock } from '../../src/core/mock.ts';

const key = 'orgkey-ac3e0000000000000000000000000001';
const base = 'https://api.cognitive3d.com/v0';
const sessionQuery = JSON.stringify({
  page: 0,
  limit: 100,
  sort: 'desc',
  orderBy: { fieldName: 'date', fieldParent: 'session' },
  entityFilters: { projectId: 1001 },
  sessionType: 'project',
});
const taggedSession = '/projects/1001/sessions/1767605400_6826c6e1a9d24f6b/tags/test';

export interface LeakReport {
  requests: number;
  failed: number;
  rssAfterFirstMb: number;
  rssAfterAllMb: number;
  growthPercent: number;
  heapAfterFirstMb: number;
  heapAfterAllMb: number;
  /** RSS after every `first` requests, to see a trend rather than two points. */
  rssSamplesMb: number[];
  seconds: number;
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** Memory use, after two full collections when they can be asked for (the second lets the heap shrink). */
function settledUsage(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage();
}

export async function leakCheck(
  total = 200_000,
  first = 20_000,
  resetEvery = 10_000,
  concurrency = 16,
): Promise<LeakReport> {
  const mock = createMock();
  let failed = 0;
  const send = async (method: string, path: string, body?: string): Promise<unknown> => {
    const headers: Record<string, string> = { authorization: key };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await mock.hosts.api(new Request(`${base}${path}`, { method, headers, body }));
    const bytes = await response.arrayBuffer();
    if (response.status >= 300) failed++;
    return response.headers.get('content-type')?.startsWith('application/json')
      ? JSON.parse(new TextDecoder().decode(bytes))
      : undefined;
  };
  // One action per slot of the mix; each sends one or two requests.
  const actions: (() => Promise<number>)[] = [
    async () => {
      await send('GET', '/projects/1001');
      return 1;
    },
    async () => {
      await send('POST', '/datasets/sessions/paginatedListQueries', sessionQuery);
      return 1;
    },
    async () => {
      await send('GET', '/projects/1001/media/701/files/floor_plan.png');
      return 1;
    },
    async () => {
      await send('PUT', taggedSession, '{"value":true}');
      await send('PUT', taggedSession, '{"value":false}');
      return 2;
    },
    async () => {
      const widget = (await send(
        'POST',
        '/projects/1001/widgets',
        JSON.stringify({ title: 'Leak check', query: { type: 'custom', name: 'sessionsPerWeek' } }),
      )) as { id: number };
      await send('DELETE', `/projects/1001/widgets/${widget.id}`);
      return 2;
    },
    async () => {
      await send('GET', '/projects/1001');
      return 1;
    },
  ];
  const started = performance.now();
  let sent = 0;
  let nextReset = resetEvery;
  let afterFirst: NodeJS.MemoryUsage | undefined;
  const samples: number[] = [];
  let nextSample = first;
  for (let slot = 0; sent < total; ) {
    const batch = Array.from({ length: concurrency }, () => actions[slot++ % actions.length]!());
    sent += (await Promise.all(batch)).reduce((sum, count) => sum + count, 0);
    if (sent >= nextReset) {
      mock.reset();
      nextReset += resetEvery;
    }
    if (sent >= nextSample) {
      const usage = settledUsage();
      afterFirst ??= usage;
      samples.push(mb(usage.rss));
      nextSample += first;
    }
  }
  const afterAll = settledUsage();
  return {
    requests: sent,
    failed,
    rssAfterFirstMb: mb(afterFirst!.rss),
    rssAfterAllMb: mb(afterAll.rss),
    growthPercent: +((100 * (afterAll.rss - afterFirst!.rss)) / afterFirst!.rss).toFixed(1),
    heapAfterFirstMb: mb(afterFirst!.heapUsed),
    heapAfterAllMb: mb(afterAll.heapUsed),
    rssSamplesMb: samples,
    seconds: +((performance.now() - started) / 1000).toFixed(1),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await leakCheck(Number(process.argv[2] ?? 200_000))));
}
