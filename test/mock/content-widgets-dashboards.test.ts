import { beforeEach, describe, expect, it } from 'vitest';
import { keys, startMock } from '../support/mock.ts';

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

const sessionsPerWeek = {
  friendlyName: 'Sessions per week',
  name: 'sessionsPerWeek',
  type: 'custom',
  aggType: 'dateHistogram',
};
const ids = (answer: { body: { id: number }[] }) => answer.body.map((item) => item.id);

describe('widgets', () => {
  it('creates a widget owned by the calling user; reads show it', async () => {
    const member = await t.login('member@acme.example');
    const created = await t.api('POST', '/projects/1001/widgets', {
      as: member,
      json: { title: 'Sessions per week', query: sessionsPerWeek },
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      id: 904,
      projectId: 1001,
      userId: 12,
      title: 'Sessions per week',
      isPreset: false,
      chartType: 'DEFAULT',
      query: sessionsPerWeek,
    });
    expect((await t.api('GET', '/projects/1001/widgets/904', { as: keys.acmeRead })).body).toEqual(created.body);
    expect(ids(await t.api('GET', '/projects/1001/widgets', { as: keys.acmeRead }))).toEqual([901, 904]);
    const byKey = await t.api('POST', '/projects/1001/widgets', {
      as: keys.acmeWrite,
      json: { title: 'By key', chartType: 'BAR', query: sessionsPerWeek },
    });
    expect(byKey.body).toMatchObject({ userId: null, chartType: 'BAR' });
  });

  it('lists preset widgets first', async () => {
    // The seed holds no preset; one is added the way a seed would hold it, with an id above the users' widget 901.
    t.mock.store.tables.widgets.insert({
      id: 905,
      projectId: 1001,
      userId: null,
      title: 'averageSessionDuration',
      isPreset: true,
      chartType: null,
      query: {
        friendlyName: 'Average Session Duration',
        name: 'averageSessionDuration',
        type: 'outOfTheBox',
        aggType: 'singular',
      },
    });
    expect(ids(await t.api('GET', '/projects/1001/widgets', { as: keys.acmeRead }))).toEqual([905, 901]);
  });

  it('updates a widget partially, the query whole', async () => {
    const query = { type: 'custom', name: 'sessionsPerDay', aggregations: [{ name: 'count' }] };
    const updated = await t.api('PUT', '/projects/1001/widgets/901', {
      as: keys.acmeWrite,
      json: { chartType: 'BAR', query },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({
      id: 901,
      projectId: 1001,
      userId: 14,
      title: 'Sessions per day',
      isPreset: false,
      chartType: 'BAR',
      query,
    });
    expect((await t.api('GET', '/projects/1001/widgets/901', { as: keys.acmeRead })).body).toEqual(updated.body);
  });

  it('deletes a widget and removes it from every dashboard', async () => {
    const deleted = await t.api('DELETE', '/projects/1001/widgets/901', { as: keys.acmeWrite });
    expect(deleted.status).toBe(204);
    expect((await t.api('GET', '/projects/1001/widgets/901', { as: keys.acmeRead })).status).toBe(404);
    const [dashboard] = (await t.api('GET', '/projects/1001/dashboards', { as: keys.acmeRead })).body;
    expect(dashboard).toMatchObject({ id: 951, widgetMetadataList: [] });
  });

  it("answers 404 for another project's widget", async () => {
    expect((await t.api('GET', '/projects/1001/widgets/903', { as: keys.acmeRead })).status).toBe(404);
    expect(
      (await t.api('PUT', '/projects/1001/widgets/903', { as: keys.acmeWrite, json: { title: 'x' } })).status,
    ).toBe(404);
    expect((await t.api('GET', '/projects/2001/widgets/902', { as: keys.acmeRead })).status).toBe(404);
  });

  it('refuses an observer of the project (403)', async () => {
    const viewer = await t.login('viewer@acme.example');
    expect((await t.api('DELETE', '/projects/1001/widgets/901', { as: viewer })).status).toBe(403);
    expect(t.mock.store.tables.widgets.get(901)).toBeDefined();
  });
});

describe('dashboards', () => {
  const weekly = {
    title: 'Weekly safety review',
    dateRangeKey: '7D',
    dateStart: 1766620800000,
    dateEnd: 1767225600000,
    widgetMetadataList: [{ widgetId: 901, title: 'Sessions per day', type: 'CUSTOM' }],
  };

  it('creates a dashboard (not the default unless asked); reads show it', async () => {
    const lead = await t.login('lead@acme.example');
    const created = await t.api('POST', '/projects/1001/dashboards', { as: lead, json: weekly });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ id: 954, projectId: 1001, userId: 14, isDefault: false, ...weekly });
    const list = await t.api('GET', '/projects/1001/dashboards', { as: keys.acmeRead });
    expect(list.body).toEqual([expect.objectContaining({ id: 951, isDefault: true }), created.body]);
    const bare = await t.api('POST', '/projects/1001/dashboards', { as: keys.acmeWrite, json: { title: 'Empty' } });
    expect(bare.body).toEqual({
      id: 955,
      projectId: 1001,
      userId: null,
      title: 'Empty',
      dateRangeKey: null,
      dateStart: null,
      dateEnd: null,
      isDefault: false,
      widgetMetadataList: [],
    });
  });

  it('keeps one default per project, on create and on update', async () => {
    const created = await t.api('POST', '/projects/1001/dashboards', {
      as: keys.acmeWrite,
      json: { ...weekly, isDefault: true },
    });
    expect(created.body.isDefault).toBe(true);
    let list = (await t.api('GET', '/projects/1001/dashboards', { as: keys.acmeRead })).body;
    expect(list.map((d: { id: number; isDefault: boolean }) => [d.id, d.isDefault])).toEqual([
      [951, false],
      [954, true],
    ]);

    const updated = await t.api('PUT', '/projects/1001/dashboards/951', {
      as: keys.acmeWrite,
      json: { isDefault: true },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: 951, title: 'Training overview', isDefault: true });
    list = (await t.api('GET', '/projects/1001/dashboards', { as: keys.acmeRead })).body;
    expect(list.map((d: { id: number; isDefault: boolean }) => [d.id, d.isDefault])).toEqual([
      [951, true],
      [954, false],
    ]);
    // Other projects' defaults are untouched.
    expect(t.mock.store.tables.dashboards.get(953)!.record.isDefault).toBe(true);
  });

  it('updates partially and replaces the widget list whole', async () => {
    const widget = await t.api('POST', '/projects/1001/widgets', {
      as: keys.acmeWrite,
      json: { title: 'Weekly', query: sessionsPerWeek },
    });
    const list = [{ widgetId: widget.body.id, title: 'Weekly', type: 'CUSTOM', layout: { x: 0, y: 0, w: 6, h: 4 } }];
    const updated = await t.api('PUT', '/projects/1001/dashboards/951', {
      as: keys.acmeWrite,
      json: { title: 'Training', widgetMetadataList: list },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({
      id: 951,
      projectId: 1001,
      userId: 14,
      title: 'Training',
      dateRangeKey: '30D',
      dateStart: 1766361600000,
      dateEnd: 1768953600000,
      isDefault: true,
      widgetMetadataList: list,
    });
    expect((await t.api('GET', '/projects/1001/dashboards', { as: keys.acmeRead })).body[0]).toEqual(updated.body);
  });

  it('refuses a widget of another project, or a start after the end (400), and changes nothing', async () => {
    const foreign = await t.api('POST', '/projects/1001/dashboards', {
      as: keys.acmeWrite,
      json: { title: 'x', widgetMetadataList: [{ widgetId: 901 }, { widgetId: 903 }] },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toEqual({
      code: 400,
      message: 'widgetId 903 is not a widget of this project',
      field: '/widgetMetadataList/1/widgetId',
    });
    const backwards = await t.api('PUT', '/projects/1001/dashboards/951', {
      as: keys.acmeWrite,
      json: { title: 'x', dateStart: 1768953600001 },
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.field).toBe('/dateEnd');
    expect(t.mock.store.tables.dashboards.get(951)!.record.title).toBe('Training overview');
    expect(t.mock.store.tables.dashboards.size).toBe(3);
  });

  it('deletes a dashboard and keeps its widgets; the project is left without a default', async () => {
    expect((await t.api('DELETE', '/projects/1001/dashboards/953', { as: keys.acmeWrite })).status).toBe(404);
    const deleted = await t.api('DELETE', '/projects/1001/dashboards/951', { as: keys.acmeWrite });
    expect(deleted.status).toBe(204);
    expect((await t.api('GET', '/projects/1001/dashboards', { as: keys.acmeRead })).body).toEqual([]);
    expect((await t.api('GET', '/projects/1001/widgets/901', { as: keys.acmeRead })).status).toBe(200);
  });

  it('refuses an observer of the project (403)', async () => {
    const viewer = await t.login('viewer@acme.example');
    expect((await t.api('PUT', '/projects/1001/dashboards/951', { as: viewer, json: { title: 'x' } })).status).toBe(
      403,
    );
    expect((await t.api('POST', '/projects/1001/dashboards', { as: viewer, json: { title: 'x' } })).status).toBe(403);
  });
});
