import { beforeEach, describe, expect, it } from 'vitest';
import { ids, keys, startMock } from '../support/mock.ts';

/*
 * A project's answer and the pages of a session query are serialised once and kept while the tables they show are
 * unchanged: these check that every kind of write they show (through the API, through `mock.db`, a reset) shows in
 * the next answer, and that an answer read again is the same bytes.
 */
let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

const project = async (query = '') => {
  const answer = await t.api('GET', `/projects/1001${query}`, { as: keys.acmeRead });
  expect(answer.status).toBe(200);
  return answer;
};

const page = async (json: Record<string, unknown> = {}) => {
  const answer = await t.api('POST', '/datasets/sessions/paginatedListQueries', {
    as: keys.acmeRead,
    json: { entityFilters: { projectId: 1001 }, sessionType: 'project', limit: 5, sort: 'desc', ...json },
  });
  expect(answer.status).toBe(200);
  return answer;
};

describe('a kept project answer', () => {
  it('is the same bytes when read again', async () => {
    expect((await project()).text).toBe((await project()).text);
  });

  it('shows a scene renamed through mock.db, a version added, and the seed again after a reset', async () => {
    const before = await project();
    t.mock.db.scenes.update({ where: { id: { equals: ids.warehouse } }, data: { sceneName: 'Warehouse (renamed)' } });
    const renamed = await project();
    expect(renamed.body.scenes[0].sceneName).toBe('Warehouse (renamed)');
    t.mock.db.sceneVersions.create({ sceneId: ids.warehouse, versionNumber: 3 });
    const versions = (await project()).body.scenes[0].versions.map(
      (version: { versionNumber: number }) => version.versionNumber,
    );
    expect(versions).toEqual([1, 2, 3]);
    t.mock.reset();
    expect((await project()).text).toBe(before.text);
  });

  it('shows the project renamed through the API', async () => {
    await project();
    const renamed = await t.api('PUT', '/projects/1001', { as: keys.acmeWrite, json: { name: 'Acme Training 2' } });
    expect(renamed.status).toBe(200);
    expect((await project()).body.name).toBe('Acme Training 2');
  });

  it('with stats, counts a session an SDK sends', async () => {
    const sessionCount = async () =>
      (await project('?attachStats=true')).body.scenes[0].versions.find(
        (version: { id: number }) => version.id === 3002,
      ).stats.session_count as number;
    const before = await sessionCount();
    const sent = await t.data('POST', `/events/${ids.warehouse}?version=2`, {
      as: keys.data1001,
      json: {
        userid: '0123456789abcdef',
        timestamp: 1790000000,
        sessionid: '1790000000_0123456789abcdef',
        formatversion: '1.0',
        part: 1,
        data: [{ name: 'c3d.sessionStart', time: 1790000000, point: [0, 0, 0] }],
      },
    });
    expect(sent.status).toBe(200);
    expect(await sessionCount()).toBe(before + 1);
  });
});

describe('a kept page of sessions', () => {
  it('is the same bytes when read again, and another page is not it', async () => {
    const first = await page();
    expect((await page()).text).toBe(first.text);
    const second = await page({ page: 1 });
    expect(second.body.currentPage).toBe(1);
    expect(second.body.results[0].sessionId).not.toBe(first.body.results[0].sessionId);
  });

  it('shows a tag set on one of its sessions, a field the order does not read', async () => {
    const before = await page();
    const [newest] = before.body.results as { sessionId: string; tags?: string[] }[];
    const tagged = await t.api('PUT', `/projects/1001/sessions/${newest!.sessionId}/tags/junk`, {
      as: keys.acmeWrite,
      json: { value: true },
    });
    expect(tagged.status).toBe(200);
    const after = await page();
    expect(after.body.results.map((session: { sessionId: string }) => session.sessionId)).toEqual(
      before.body.results.map((session: { sessionId: string }) => session.sessionId),
    );
    expect(after.body.results[0].tags).toContain('junk');
    expect(after.body.results[0].properties['c3d.session_tag.junk']).toBe(true);
  });

  it('shows a session changed through mock.db, and the seed again after a reset', async () => {
    const before = await page();
    const [newest] = before.body.results as { sessionId: string }[];
    t.mock.db.sessions.update({
      where: { sessionId: { equals: newest!.sessionId } },
      data: { friendlyName: 'Renamed in a test' },
    });
    expect((await page()).body.results[0].friendlyName).toBe('Renamed in a test');
    t.mock.reset();
    expect((await page()).text).toBe(before.text);
  });

  it('keeps each set of attached data apart', async () => {
    const plain = await page();
    const withEvents = await page({ includeEvents: true });
    expect(plain.body.results[0].events).toBeUndefined();
    expect(Array.isArray(withEvents.body.results[0].events)).toBe(true);
    expect((await page()).text).toBe(plain.text);
  });
});
