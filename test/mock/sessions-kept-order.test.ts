import { beforeEach, describe, expect, it } from 'vitest';
import { embeddedSeed } from '../../src/store/embedded-seed.ts';
import { generateSeed } from '../../src/store/generate-seed.ts';
import { ids, keys, startMock } from '../support/mock.ts';

/*
 * Session pages are slices of an order kept per project (and of the filtered units kept per filter): these
 * check that every write a page depends on shows in the next page, and that pages equal a plain sort.
 */
let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

const page = async (json: Record<string, unknown>) => {
  const answer = await t.api('POST', '/datasets/sessions/paginatedListQueries', {
    as: keys.acmeRead,
    json: { entityFilters: { projectId: 1001 }, sessionType: 'project', limit: 100, sort: 'desc', ...json },
  });
  expect(answer.status).toBe(200);
  return {
    count: answer.body.count as number,
    ids: answer.body.results.map((session: { sessionId: string }) => session.sessionId) as string[],
  };
};
const notJunk = {
  sessionFilters: [
    { field: { nestedFieldName: 'booleanSessionProp', path: 'c3d.session_tag.junk' }, op: 'eq', value: false },
  ],
};

describe('session pages follow the writes', () => {
  it('a session sent by an SDK is first in the next page, newest first', async () => {
    const before = await page({});
    const sessionId = '1790000000_0123456789abcdef';
    const sent = await t.data('POST', `/events/${ids.warehouse}?version=2`, {
      as: keys.data1001,
      json: {
        userid: '0123456789abcdef',
        timestamp: 1790000000,
        sessionid: sessionId,
        formatversion: '1.0',
        part: 1,
        data: [{ name: 'c3d.sessionStart', time: 1790000000, point: [0, 0, 0] }],
      },
    });
    expect(sent.status).toBe(200);
    const after = await page({});
    expect(after.count).toBe(before.count + 1);
    expect(after.ids).toEqual([sessionId, ...before.ids]);
    expect((await page({ sort: 'asc' })).ids.at(-1)).toBe(sessionId);
  });

  it('a session tagged junk leaves the filtered page at once, and comes back untagged', async () => {
    const before = await page(notJunk);
    const [newest] = before.ids;
    const tag = (value: boolean) =>
      t.api('PUT', `/projects/1001/sessions/${newest}/tags/junk`, { as: keys.acmeWrite, json: { value } });
    expect((await tag(true)).status).toBe(200);
    expect(await page(notJunk)).toEqual({ count: before.count - 1, ids: before.ids.slice(1) });
    expect((await page({})).ids[0]).toBe(newest);
    expect((await tag(false)).status).toBe(200);
    expect(await page(notJunk)).toEqual(before);
  });

  it('a filtered page follows the objectives: results of a deleted objective match no session', async () => {
    const passed = { objectiveFilters: [{ objectiveVersionId: 601, type: 'passed' }] };
    const before = await page(passed);
    expect(before.count).toBeGreaterThan(0);
    expect(await page(passed)).toEqual(before);
    expect((await t.api('DELETE', '/versions/3002/objectives/501', { as: keys.acmeWrite })).status).toBe(204);
    expect(await page(passed)).toEqual({ count: 0, ids: [] });
  });

  it('a session moved in time moves in the order; a deleted one is gone; a reset brings back the seeded order', async () => {
    const before = await page({ sort: 'asc' });
    const sessions = t.mock.store.tables.sessions;
    const oldest = sessions.findUnique('sessionId', before.ids[0])!;
    sessions.update(oldest.key, { record: { date: '2027-01-01T00:00:00.000Z' } });
    expect((await page({ sort: 'asc' })).ids).toEqual([...before.ids.slice(1), before.ids[0]]);
    sessions.delete(oldest.key);
    expect(await page({ sort: 'asc' })).toEqual({ count: before.count - 1, ids: before.ids.slice(1) });
    t.mock.reset();
    expect(await page({ sort: 'asc' })).toEqual(before);
  });
});

describe('session pages over a generated seed', () => {
  it('equal the same slice of the project sessions sorted by date, ties in store order, for every page', async () => {
    const seed = generateSeed(embeddedSeed, 1500, 21);
    // Ties: every tenth generated session shares the date of the one before it.
    for (let index = 30; index < seed.sessions!.length; index += 10)
      seed.sessions![index]!.date = seed.sessions![index - 1]!.date;
    t = startMock({ seed });
    const sessions = t.mock.store.tables.sessions.children('projectId', 1001);
    for (const sort of ['asc', 'desc'] as const) {
      const sign = sort === 'asc' ? 1 : -1;
      const expected = sessions
        .map((session, index) => ({
          id: session.record.sessionId as string,
          time: Date.parse(session.record.date as string),
          index,
        }))
        .sort((a, b) => sign * (a.time - b.time) || a.index - b.index)
        .map((session) => session.id);
      for (const pageNumber of [0, 1, 7, Math.floor(expected.length / 100)]) {
        const answer = await page({ sort, page: pageNumber });
        expect(answer.count).toBe(expected.length);
        expect(answer.ids).toEqual(expected.slice(pageNumber * 100, pageNumber * 100 + 100));
      }
    }
  });
});
