import { beforeEach, describe, expect, it } from 'vitest';
import { keys, startMock } from '../support/mock.ts';

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

const expectRequestTime = (headers: Headers) => expect(headers.get('cvr-request-time')).toMatch(/^\d+$/);

describe('collector: developer tools', () => {
  it('verifies a working developer key: 200, no body, cvr-request-time', async () => {
    const answer = await t.data('GET', '/apiKeys/verify', { as: keys.developer });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    expectRequestTime(answer.headers);
  });

  it('refuses an expired developer key with 401 whose message says key expired, on every developer route', async () => {
    for (const path of ['/apiKeys/verify', '/user', '/scenes']) {
      const answer = await t.data('GET', path, { as: keys.developerExpired });
      expect(answer.status).toBe(401);
      expect(answer.body.code).toBe(401);
      expect(answer.body.message).toContain('key expired');
      expect(answer.text).not.toContain('de000000000000000000000000000002');
    }
  });

  it("answers the project's application key: the bare data key and its valid flag", async () => {
    const answer = await t.data('GET', '/applicationKey', { as: keys.developer });
    expect(answer.status).toBe(200);
    expectRequestTime(answer.headers);
    expect(answer.body).toEqual({ apiKey: 'da000000000000000000000000001001', valid: true });
  });

  it("answers the organization's name and subscriptions", async () => {
    const answer = await t.data('GET', '/subscriptions', { as: keys.developer });
    expect(answer.status).toBe(200);
    expectRequestTime(answer.headers);
    expect(answer.body).toEqual({
      organizationName: 'Acme VR',
      subscriptions: [
        {
          beginning: 1764547200000,
          expiration: 1796083200000,
          planType: 'Enterprise',
          isFreeTrial: false,
          entitlements: { can_access_session_audio: true, can_access_eye_tracking: true, can_create_ab_test: true },
        },
      ],
    });
  });

  it('answers the user, project and organization behind the key, and when the key expires', async () => {
    const answer = await t.data('GET', '/user', { as: keys.developer });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      email: 'lead@acme.example',
      userId: 14,
      firstName: t.mock.store.tables.users.get(14)!.record.firstName,
      lastName: t.mock.store.tables.users.get(14)!.record.lastName,
      projectId: 1001,
      projectName: 'Acme Training',
      organizationId: 101,
      organizationName: 'Acme VR',
      keyExpiresAt: 4102444800000,
    });
  });

  it("lists the project's media for the editor as {name, uploadId, description}, archived media left out", async () => {
    const answer = await t.data('GET', '/media', { as: keys.developer });
    expect(answer.status).toBe(200);
    expectRequestTime(answer.headers);
    expect(answer.body[0]).toEqual({
      name: 'Floor plan',
      uploadId: '3b8e2f4a-7c1d-4e6b-9a2f-5d0c8e1b7a41',
      description: 'Floor plan of the Acme warehouse, shown on the wall display.',
    });
    const stored = t.mock.store.tables.media.children('projectId', 1001);
    expect(answer.body.map((m: { uploadId: string }) => m.uploadId)).toEqual(
      stored.filter((m) => m.record.archived !== true).map((m) => m.record.uploadId),
    );
    expect(answer.body.some((m: { uploadId: string }) => m.uploadId === 'e2a7c5f1-9d3b-4e08-a6c4-1b8f0d5e7a39')).toBe(
      false,
    );

    t.mock.store.tables.media.update(701, { record: { archived: true } });
    const after = await t.data('GET', '/media', { as: keys.developer });
    expect(after.body.map((m: { name: string }) => m.name)).not.toContain('Floor plan');
  });

  it("lists the project's active question sets as ExitPoll hooks", async () => {
    const answer = await t.data('GET', '/hooks', { as: keys.developer });
    expect(answer.status).toBe(200);
    expectRequestTime(answer.headers);
    expect(answer.body).toEqual([
      {
        name: 'end_of_training',
        active: true,
        description: 'How did the training go?',
        questionSetId: 'end_of_training:1',
      },
    ]);

    t.mock.store.tables.questionSets.update('1001/end_of_training:1', { record: { status: 'archived' } });
    expect((await t.data('GET', '/hooks', { as: keys.developer })).body).toEqual([]);
  });

  it('refuses a data key on developer routes (401) and a developer key on ingest routes (401)', async () => {
    expect((await t.data('GET', '/user', { as: keys.data1001 })).status).toBe(401);
    expect((await t.data('GET', '/remotevariables?identifier=x', { as: keys.developer })).status).toBe(401);
  });
});
