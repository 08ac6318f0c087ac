/**
 * `npx tsx test/store/db.bench.ts`: `mock.db` at 100,000 sessions (the README's "Test data: `mock.db`" cites it).
 * Creates them with one `createMany`, then times lookups: by id and by `sessionId` (indexes), by `projectId` (the
 * parent index), and scans. Run with `node --expose-gc --import tsx` for the heap figure.
 */
import { createMock } from '../../src/core/mock.ts';

const count = 100_000;
const mock = createMock({ clock: '2026-01-21' });
const records = Array.from({ length: count }, (_, index) => ({
  projectId: index % 2 ? 1001 : 1002,
  date: new Date(Date.parse('2025-12-01T00:00:00Z') + index * 60_000).toISOString(),
  friendlyName: `Participant ${index}`,
  duration: (index * 7919) % 1_000_000,
}));
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const started = performance.now();
const created = mock.db.sessions.createMany(records);
const createdMs = performance.now() - started;
gc?.();
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
console.log(
  `createMany ${count} sessions: ${(createdMs / 1000).toFixed(1)} s (${((createdMs / count) * 1000).toFixed(0)} µs each)${gc ? `, heap +${heapMb.toFixed(0)} MB` : ''}`,
);

/** The mean time of `runs` calls, after as many warm-up calls (up to 100). */
function time(label: string, runs: number, call: (index: number) => unknown): void {
  for (let index = 0; index < Math.min(runs, 100); index++) call(index);
  const start = performance.now();
  for (let index = 0; index < runs; index++) call(index);
  const ms = (performance.now() - start) / runs;
  console.log(`${label}: ${ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(1)} ms`}`);
}
const pick = (index: number) => created[(index * 7919) % count]!;
const inProject = mock.db.sessions.count({ where: { projectId: { equals: 1001 } } });
time('findFirst by id', 10_000, (index) => mock.db.sessions.findFirst({ where: { id: { equals: pick(index).id } } }));
time('findFirst by sessionId', 10_000, (index) =>
  mock.db.sessions.findFirst({ where: { sessionId: { equals: pick(index).sessionId } } }),
);
time(`findMany by projectId, take 50 (of ${inProject})`, 200, () =>
  mock.db.sessions.findMany({ where: { projectId: { equals: 1001 } }, take: 50 }),
);
time(`findMany by projectId, all ${inProject}`, 5, () =>
  mock.db.sessions.findMany({ where: { projectId: { equals: 1001 } } }),
);
time('count by projectId and duration (index, then scan)', 20, () =>
  mock.db.sessions.count({ where: { projectId: { equals: 1001 }, duration: { gt: 500_000 } } }),
);
time('findMany by date, orderBy date desc, take 20 (scan and sort)', 20, () =>
  mock.db.sessions.findMany({
    where: { date: { gte: '2026-01-01T00:00:00.000Z' } },
    orderBy: { date: 'desc' },
    take: 20,
  }),
);
time('update one session by id', 1000, (index) =>
  mock.db.sessions.update({ where: { id: { equals: pick(index).id } }, data: { friendlyName: 'renamed' } }),
);
