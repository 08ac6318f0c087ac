import type { CompiledOperation } from '../../spec/compile.ts';
import { rawBody } from '../../client/client.ts';
import type { FlowClients } from '../flow-clients.ts';
import type { Answer, CaseResult, RequestSpec } from '../model.ts';
import type { PrincipalSpec, PrincipalsFile } from '../principals.ts';

interface FlowStepBase {
  title: string;
  rule: string;
  operationId: string;
  principal?: string;
  /** Credential headers to send instead of the principal's (a key or a session the flow made). */
  headers?: (state: FlowState) => Record<string, string>;
  check(answer: Answer, state: FlowState): string | undefined;
  /** Runs even when an earlier step failed (cleanup). */
  cleanup?: boolean;
}

/**
 * One step of a write flow: its request may use what earlier steps answered; its check names what went
 * wrong. The request is either described (`request`) or sent with the typed clients (`call`, one request).
 */
export type FlowStep = FlowStepBase &
  (
    | { request(state: FlowState): RequestSpec; call?: never }
    | { call(clients: FlowClients, state: FlowState): Promise<unknown>; request?: never }
  );

export interface Flow {
  name: string;
  steps: FlowStep[];
  /** What the flow leaves on the target once it has run, and why the API keeps it (from what its steps answered). */
  leaves?: (state: FlowState) => string | undefined;
}

export type FlowState = Record<string, any>;

const png = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);
const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
const json = (value: unknown) => ({
  kind: 'json' as const,
  contentType: 'application/json',
  text: JSON.stringify(value),
});
const expectStatus = (answer: Answer, ...statuses: number[]) =>
  statuses.includes(answer.status) ? undefined : `expected ${statuses.join(' or ')}, got ${answer.status}`;

function multipartScene(sceneName: string): { contentType: string; bytes: Uint8Array } {
  const boundary = 'c3dcontractscene';
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const add = (name: string, type: string, content: Uint8Array) => {
    parts.push(
      encoder.encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
      ),
      content,
      encoder.encode('\r\n'),
    );
  };
  add('scene.gltf', 'model/gltf+json', encoder.encode('{"asset":{"version":"2.0"}}'));
  add('scene.bin', 'application/octet-stream', new Uint8Array([0, 1, 2, 3]));
  add('screenshot.png', 'image/png', png);
  add(
    'settings.json',
    'application/json',
    encoder.encode(JSON.stringify({ scale: 1, sceneName, sdkVersion: '1.6.4' })),
  );
  parts.push(encoder.encode(`--${boundary}--\r\n`));
  const bytes = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return { contentType: `multipart/form-data; boundary=${boundary}`, bytes };
}

interface LifeSpec {
  name: string;
  rule: string;
  principal: PrincipalSpec;
  create: { operationId: string; path: string; body: unknown };
  /** The created record's URL, from its id. */
  item: (id: unknown) => string;
  read: string;
  update: { operationId: string; body: unknown; field: string; value: unknown };
  remove: string;
}

/** create → update → read the change back → delete (always) → it is gone: one resource's life, on the dashboard host. */
function life(spec: LifeSpec): Flow {
  const step = (
    title: string,
    operationId: string,
    request: (state: FlowState) => RequestSpec,
    check: FlowStep['check'],
    cleanup = false,
  ): FlowStep => ({
    title,
    rule: spec.rule,
    operationId,
    principal: spec.principal.name,
    request,
    check,
    cleanup,
  });
  return {
    name: spec.name,
    steps: [
      step(
        `create ${spec.name.replace(/ life$/, '')}`,
        spec.create.operationId,
        () => ({ host: 'api', method: 'POST', path: spec.create.path, body: json(spec.create.body) }),
        (answer, s) => {
          s.id = (answer.body as { id?: unknown } | undefined)?.id;
          return expectStatus(answer, 200, 201) ?? (s.id === undefined ? 'the answer has no id' : undefined);
        },
      ),
      step(
        'change it',
        spec.update.operationId,
        (s) => ({ host: 'api', method: 'PUT', path: spec.item(s.id), body: json(spec.update.body) }),
        (answer) => expectStatus(answer, 200),
      ),
      step(
        'read the change back',
        spec.read,
        (s) => ({ host: 'api', method: 'GET', path: spec.item(s.id) }),
        (answer) =>
          expectStatus(answer, 200) ??
          ((answer.body as Record<string, unknown>)[spec.update.field] === spec.update.value
            ? undefined
            : `${spec.update.field} read back differs`),
      ),
      step(
        'delete it',
        spec.remove,
        (s) => ({ host: 'api', method: 'DELETE', path: spec.item(s.id) }),
        (answer) => expectStatus(answer, 200, 204),
        true,
      ),
      step(
        'it is gone',
        spec.read,
        (s) => ({ host: 'api', method: 'GET', path: spec.item(s.id) }),
        (answer) => expectStatus(answer, 404),
      ),
    ],
  };
}

/**
 * What any run leaves beside what each flow declares: records the API keeps of the requests themselves.
 * Each entry is there only when the results show the run did what leaves it.
 */
export function leftByEveryRun(results: CaseResult[], file: PrincipalsFile): string[] {
  const left: string[] = [];
  if (
    results.some((result) => result.group === 'flows' && result.outcome === 'passed' && result.proves === 'allowed')
  ) {
    left.push(
      "an audit-log entry for each write the flows made: the audit log is the organization's record, with no route to delete an entry",
    );
  }
  const orgKeys = new Set(
    file.principals.filter((p) => p.kind === 'orgKey' || p.kind === 'legacyOrgKey').map((p) => p.name),
  );
  if (
    results.some(
      (result) =>
        result.principal !== undefined &&
        orgKeys.has(result.principal) &&
        result.status !== undefined &&
        result.status > 0,
    )
  ) {
    left.push('the lastUsedAt of each organization key the run used: every use of a key sets it');
  }
  return left;
}

const hasGrant = (principal: PrincipalSpec, scope: string, access: string) =>
  principal.grants.some((g) => g.scope === scope && g.access === access);

/**
 * Write flows, each cleaning up what it created: a raw file's round trip, a multipart scene upload read back,
 * the lives of a project, a widget, a dashboard, an objective, a connection, a member, an API key (refused from
 * its next request once revoked) and a login session, and tagging a session.
 */
export function flows(file: PrincipalsFile, operations: Map<string, CompiledOperation>): Flow[] {
  const admin = file.principals.find((p) => p.kind === 'sessionCookie' && hasGrant(p, 'organization', 'admin'));
  const writer = file.principals.find(
    (p) => (p.kind === 'orgKey' || p.kind === 'legacyOrgKey') && hasGrant(p, 'organization', 'write'),
  );
  const developer = file.principals.find((p) => p.kind === 'developerKey' && p.grants.some((g) => g.access !== 'read'));
  const result: Flow[] = [];
  const present = (...ids: string[]) => ids.every((id) => operations.has(id));

  if (writer && present('createMedia', 'uploadMediaFile', 'getMediaFile', 'deleteMedia')) {
    const projectId = file.tenants[writer.tenant]!.projectId;
    // Written with the typed client: the paths, parameters and bodies are checked against the generated types.
    const filePath = (s: FlowState, fileName: string) => ({
      path: { projectId, mediaId: s.mediaId as number, fileName },
    });
    result.push({
      name: 'raw file round trip',
      steps: [
        {
          title: 'create a media item',
          rule: 'flows.media',
          operationId: 'createMedia',
          principal: writer.name,
          call: ({ api }) =>
            api.POST('/projects/{projectId}/media', {
              params: { path: { projectId } },
              body: { name: 'c3d contract probe', description: 'Created by the contract suite', staticMedia: true },
            }),
          check: (answer, s) => {
            s.mediaId = (answer.body as { id?: number } | undefined)?.id;
            return expectStatus(answer, 200, 201) ?? (s.mediaId === undefined ? 'the answer has no id' : undefined);
          },
        },
        {
          title: 'upload a PNG with its type',
          rule: 'content-types.raw-upload',
          operationId: 'uploadMediaFile',
          principal: writer.name,
          call: ({ api }, s) =>
            api.PUT('/projects/{projectId}/media/{mediaId}/files/{fileName}', {
              params: filePath(s, 'probe.png'),
              ...rawBody(png, 'image/png'),
            }),
          check: (answer) => expectStatus(answer, 200, 201, 204),
        },
        {
          title: 'download it byte-identical with the same type',
          rule: 'content-types.raw-round-trip',
          operationId: 'getMediaFile',
          principal: writer.name,
          call: ({ api }, s) =>
            api.GET('/projects/{projectId}/media/{mediaId}/files/{fileName}', {
              params: filePath(s, 'probe.png'),
              parseAs: 'stream',
            }),
          check: (answer) => {
            const type = answer.headers['content-type']?.split(';')[0];
            if (answer.status !== 200) return `expected 200, got ${answer.status}`;
            if (type !== 'image/png') return `served as ${type ?? 'no type'}, uploaded as image/png`;
            if (answer.headers['content-length'] !== String(png.length))
              return `Content-Length ${answer.headers['content-length']}, the file has ${png.length} bytes`;
            return answer.bytes.length === png.length && answer.bytes.every((byte, i) => byte === png[i])
              ? undefined
              : 'the bytes differ from those uploaded';
          },
        },
        {
          title: 'refuse JPEG bytes declared as PNG',
          rule: 'content-types.raw-contradiction',
          operationId: 'uploadMediaFile',
          principal: writer.name,
          call: ({ api }, s) =>
            api.PUT('/projects/{projectId}/media/{mediaId}/files/{fileName}', {
              params: filePath(s, 'photo.png'),
              ...rawBody(jpeg, 'image/png'),
            }),
          check: (answer) => expectStatus(answer, 415),
        },
        {
          title: 'delete the media item',
          rule: 'flows.media',
          operationId: 'deleteMedia',
          principal: writer.name,
          cleanup: true,
          call: ({ api }, s) =>
            api.DELETE('/projects/{projectId}/media/{mediaId}', {
              params: { path: { projectId, mediaId: s.mediaId as number } },
            }),
          check: (answer) => expectStatus(answer, 200, 204),
        },
      ],
    });
  }

  if (developer && present('collectorCreateScene', 'collectorGetScene', 'uploadSceneVersion')) {
    const upload = multipartScene('c3d contract scene');
    const projectId = developer.grants.find((grant) => grant.scope === 'project')?.id;
    result.push({
      name: 'multipart scene upload',
      leaves: (s) =>
        s.created
          ? `the scene "c3d contract scene" (${s.sceneId}) with the versions uploaded, in ${projectId === undefined ? "the developer key's project" : `project ${projectId}`}: the API has no route to delete a scene`
          : undefined,
      steps: [
        {
          title: 'upload a new scene (201, the UUID as text)',
          rule: 'content-types.multipart-upload',
          operationId: 'collectorCreateScene',
          principal: developer.name,
          request: () => ({ host: 'data', method: 'POST', path: '/scenes', body: { kind: 'bytes', ...upload } }),
          check: (answer, s) => {
            s.sceneId = answer.text.trim().replace(/^"|"$/g, '');
            s.created = answer.status >= 200 && answer.status < 300;
            if (answer.status !== 201) return `expected 201, got ${answer.status}`;
            return /^[0-9a-f-]{36}$/i.test(s.sceneId)
              ? undefined
              : `the body is not a scene UUID: ${answer.text.slice(0, 80)}`;
          },
        },
        {
          title: 'upload version 2',
          rule: 'content-types.multipart-upload',
          operationId: 'uploadSceneVersion',
          principal: developer.name,
          request: (s) => ({
            host: 'data',
            method: 'POST',
            path: `/scenes/${s.sceneId}`,
            body: { kind: 'bytes', ...upload },
          }),
          check: (answer) => expectStatus(answer, 200, 201),
        },
        {
          title: 'read the scene back with both versions',
          rule: 'content-types.multipart-read-back',
          operationId: 'collectorGetScene',
          principal: developer.name,
          request: (s) => ({ host: 'data', method: 'GET', path: `/scenes/${s.sceneId}` }),
          check: (answer) => {
            const versions = (answer.body as { versions?: { versionNumber: number }[] } | undefined)?.versions?.map(
              (v) => v.versionNumber,
            );
            return answer.status === 200 && JSON.stringify(versions) === '[1,2]'
              ? undefined
              : `expected versions [1,2], got ${answer.status} ${JSON.stringify(versions)}`;
          },
        },
      ],
    });
  }

  if (admin && present('createProject', 'getProject', 'updateProject', 'deleteProject')) {
    result.push(
      life({
        name: 'project life',
        rule: 'flows.projects',
        principal: admin,
        create: {
          operationId: 'createProject',
          path: '/projects',
          body: { name: 'c3d contract project', organizationId: file.tenants[admin.tenant]!.organizationId },
        },
        item: (id) => `/projects/${id}`,
        read: 'getProject',
        update: {
          operationId: 'updateProject',
          body: { name: 'c3d contract project, renamed' },
          field: 'name',
          value: 'c3d contract project, renamed',
        },
        remove: 'deleteProject',
      }),
    );
  }

  if (admin && present('createOrganizationApiKey', 'revokeOrganizationApiKey', 'getProject')) {
    const { organizationId, projectId } = file.tenants[admin.tenant]!;
    result.push({
      name: 'API key life',
      // A key that could not be revoked is reported as its failed cleanup step.
      leaves: (s) =>
        s.revoked
          ? `the revoked key "c3d contract key" (id ${s.keyId}) of organization ${organizationId}: the API has no route to delete a key, and revoked keys stay listed as revoked`
          : undefined,
      steps: [
        {
          title: 'create a read key',
          rule: 'flows.api-keys',
          operationId: 'createOrganizationApiKey',
          principal: admin.name,
          request: () => ({
            host: 'api',
            method: 'POST',
            path: `/organizations/${organizationId}/apiKeys`,
            body: json({ name: 'c3d contract key', access: 'read' }),
          }),
          check: (answer, s) => {
            const body = answer.body as { id?: number; secret?: string } | undefined;
            s.keyId = body?.id;
            s.secret = body?.secret;
            return (
              expectStatus(answer, 200, 201) ?? (typeof s.secret === 'string' ? undefined : 'the answer has no secret')
            );
          },
        },
        {
          title: 'the new key reads',
          rule: 'flows.api-keys',
          operationId: 'getProject',
          headers: (s) => ({ authorization: s.secret }),
          request: () => ({ host: 'api', method: 'GET', path: `/projects/${projectId}` }),
          check: (answer) => expectStatus(answer, 200),
        },
        {
          title: 'revoke it',
          rule: 'flows.api-keys',
          operationId: 'revokeOrganizationApiKey',
          principal: admin.name,
          cleanup: true,
          request: (s) => ({
            host: 'api',
            method: 'DELETE',
            path: `/organizations/${organizationId}/apiKeys/${s.keyId}`,
          }),
          check: (answer, s) => {
            s.revoked = answer.status === 200 || answer.status === 204;
            return expectStatus(answer, 200, 204);
          },
        },
        {
          title: 'the revoked key is refused on its next request',
          rule: 'credentials.revoked',
          operationId: 'getProject',
          headers: (s) => ({ authorization: s.secret }),
          request: () => ({ host: 'api', method: 'GET', path: `/projects/${projectId}` }),
          check: (answer) => expectStatus(answer, 401),
        },
      ],
    });
  }

  if (writer) {
    const { projectId } = file.tenants[writer.tenant]!;
    const versionId = file.tenants[writer.tenant]!.versionId;
    if (present('createWidget', 'getWidget', 'updateWidget', 'deleteWidget')) {
      result.push(
        life({
          name: 'widget life',
          rule: 'flows.widgets',
          principal: writer,
          create: {
            operationId: 'createWidget',
            path: `/projects/${projectId}/widgets`,
            body: {
              title: 'c3d contract widget',
              chartType: 'DEFAULT',
              query: { type: 'custom', name: 'c3d-contract', friendlyName: 'Contract sessions' },
            },
          },
          item: (id) => `/projects/${projectId}/widgets/${id}`,
          read: 'getWidget',
          update: {
            operationId: 'updateWidget',
            body: { title: 'c3d contract widget, renamed' },
            field: 'title',
            value: 'c3d contract widget, renamed',
          },
          remove: 'deleteWidget',
        }),
      );
    }
    if (present('createDashboard', 'listDashboards', 'updateDashboard', 'deleteDashboard')) {
      const dashboards = `/projects/${projectId}/dashboards`;
      const listed = (answer: Answer, s: FlowState) =>
        ((answer.body as { id: unknown; title?: string }[] | undefined) ?? []).find((d) => d.id === s.id);
      result.push({
        name: 'dashboard life',
        steps: [
          {
            title: 'create a dashboard',
            rule: 'flows.dashboards',
            operationId: 'createDashboard',
            principal: writer.name,
            request: () => ({
              host: 'api',
              method: 'POST',
              path: dashboards,
              body: json({ title: 'c3d contract dashboard', dateRangeKey: '30D', widgetMetadataList: [] }),
            }),
            check: (answer, s) => {
              s.id = (answer.body as { id?: unknown } | undefined)?.id;
              return expectStatus(answer, 200, 201) ?? (s.id === undefined ? 'the answer has no id' : undefined);
            },
          },
          {
            title: 'rename it',
            rule: 'flows.dashboards',
            operationId: 'updateDashboard',
            principal: writer.name,
            request: (s) => ({
              host: 'api',
              method: 'PUT',
              path: `${dashboards}/${s.id}`,
              body: json({ title: 'c3d contract dashboard, renamed' }),
            }),
            check: (answer) => expectStatus(answer, 200),
          },
          {
            title: 'the list shows the new title',
            rule: 'flows.dashboards',
            operationId: 'listDashboards',
            principal: writer.name,
            request: () => ({ host: 'api', method: 'GET', path: dashboards }),
            check: (answer, s) =>
              expectStatus(answer, 200) ??
              (listed(answer, s)?.title === 'c3d contract dashboard, renamed' ? undefined : 'the title listed differs'),
          },
          {
            title: 'delete it',
            rule: 'flows.dashboards',
            operationId: 'deleteDashboard',
            principal: writer.name,
            cleanup: true,
            request: (s) => ({ host: 'api', method: 'DELETE', path: `${dashboards}/${s.id}` }),
            check: (answer) => expectStatus(answer, 200, 204),
          },
          {
            title: 'it is no longer listed',
            rule: 'flows.dashboards',
            operationId: 'listDashboards',
            principal: writer.name,
            request: () => ({ host: 'api', method: 'GET', path: dashboards }),
            check: (answer, s) => expectStatus(answer, 200) ?? (listed(answer, s) ? 'still listed' : undefined),
          },
        ],
      });
    }
    if (
      versionId !== undefined &&
      present('createObjective', 'getVersionObjective', 'createObjectiveVersion', 'deleteObjective')
    ) {
      const objectives = `/versions/${versionId}/objectives`;
      const component = {
        sequenceNumber: 1,
        type: 'eventstep',
        name: 'c3d contract step',
        eventName: 'c3d.sessionStart',
        occurrenceOperator: 'gte',
        occurrenceValue: 1,
      };
      result.push({
        name: 'objective life',
        steps: [
          {
            title: 'create an objective',
            rule: 'flows.objectives',
            operationId: 'createObjective',
            principal: writer.name,
            request: () => ({
              host: 'api',
              method: 'POST',
              path: objectives,
              body: json({
                name: 'c3d contract goal',
                description: 'Created by the contract suite',
                enabled: true,
                objectiveComponents: [component],
              }),
            }),
            check: (answer, s) => {
              s.id = (answer.body as { id?: unknown } | undefined)?.id;
              return expectStatus(answer, 200, 201) ?? (s.id === undefined ? 'the answer has no id' : undefined);
            },
          },
          {
            title: 'add a version',
            rule: 'flows.objectives',
            operationId: 'createObjectiveVersion',
            principal: writer.name,
            request: (s) => ({
              host: 'api',
              method: 'POST',
              path: `${objectives}/${s.id}/versions`,
              body: json({
                objectiveComponents: [component, { ...component, sequenceNumber: 2, name: 'c3d contract step 2' }],
              }),
            }),
            check: (answer) => expectStatus(answer, 200, 201),
          },
          {
            title: 'read both versions back',
            rule: 'flows.objectives',
            operationId: 'getVersionObjective',
            principal: writer.name,
            request: (s) => ({ host: 'api', method: 'GET', path: `${objectives}/${s.id}` }),
            check: (answer) =>
              expectStatus(answer, 200) ??
              (((answer.body as { objectiveVersions?: unknown[] }).objectiveVersions?.length ?? 0) === 2
                ? undefined
                : 'expected two objective versions'),
          },
          {
            title: 'delete it',
            rule: 'flows.objectives',
            operationId: 'deleteObjective',
            principal: writer.name,
            cleanup: true,
            request: (s) => ({ host: 'api', method: 'DELETE', path: `${objectives}/${s.id}` }),
            check: (answer) => expectStatus(answer, 200, 204),
          },
          {
            title: 'it is gone',
            rule: 'flows.objectives',
            operationId: 'getVersionObjective',
            principal: writer.name,
            request: (s) => ({ host: 'api', method: 'GET', path: `${objectives}/${s.id}` }),
            check: (answer) => expectStatus(answer, 404),
          },
        ],
      });
    }
  }

  if (admin && present('createOrganizationConnection', 'listOrganizationConnections', 'deleteOrganizationConnection')) {
    const connections = `/organizations/${file.tenants[admin.tenant]!.organizationId}/connections`;
    const listed = (answer: Answer, s: FlowState) =>
      ((answer.body as { id: unknown }[] | undefined) ?? []).find((c) => c.id === s.id);
    result.push({
      name: 'connection life',
      steps: [
        {
          title: 'create a webhook connection',
          rule: 'flows.connections',
          operationId: 'createOrganizationConnection',
          principal: admin.name,
          request: () => ({
            host: 'api',
            method: 'POST',
            path: connections,
            body: json({
              provider: 'webhook',
              name: 'c3d contract hook',
              settings: { url: 'https://hooks.example.com/c3d-contract', secret: 'c3d-contract-secret' },
            }),
          }),
          check: (answer, s) => {
            s.id = (answer.body as { id?: unknown } | undefined)?.id;
            if (answer.text.includes('c3d-contract-secret')) return 'the answer shows the secret settings';
            return expectStatus(answer, 200, 201) ?? (s.id === undefined ? 'the answer has no id' : undefined);
          },
        },
        {
          title: 'it is listed, without its settings',
          rule: 'flows.connections',
          operationId: 'listOrganizationConnections',
          principal: admin.name,
          request: () => ({ host: 'api', method: 'GET', path: connections }),
          check: (answer, s) =>
            expectStatus(answer, 200) ??
            (!listed(answer, s)
              ? 'not listed'
              : answer.text.includes('c3d-contract-secret')
                ? 'the list shows the secret settings'
                : undefined),
        },
        {
          title: 'delete it',
          rule: 'flows.connections',
          operationId: 'deleteOrganizationConnection',
          principal: admin.name,
          cleanup: true,
          request: (s) => ({ host: 'api', method: 'DELETE', path: `${connections}/${s.id}` }),
          check: (answer) => expectStatus(answer, 200, 204),
        },
        {
          title: 'it is no longer listed',
          rule: 'flows.connections',
          operationId: 'listOrganizationConnections',
          principal: admin.name,
          request: () => ({ host: 'api', method: 'GET', path: connections }),
          check: (answer, s) => expectStatus(answer, 200) ?? (listed(answer, s) ? 'still listed' : undefined),
        },
      ],
    });
  }

  if (writer && present('updateSessionTag', 'queryProjectSession')) {
    const { projectId, sessionId, tagName } = file.tenants[writer.tenant]!;
    if (sessionId !== undefined && tagName !== undefined) {
      const tagged = (answer: Answer) =>
        ((answer.body as { tags?: string[] } | undefined)?.tags ?? []).includes(String(tagName));
      const tag = (value: boolean): RequestSpec => ({
        host: 'api',
        method: 'PUT',
        path: `/projects/${projectId}/sessions/${sessionId}/tags/${tagName}`,
        body: json({ value }),
      });
      const read = (): RequestSpec => ({
        host: 'api',
        method: 'POST',
        path: '/datasets/sessions/singleProjectSessionQueries',
        body: json({ projectId, sessionId, attachSceneSessionData: false, includeObjectiveData: false }),
      });
      result.push({
        name: 'session tag',
        steps: [
          {
            title: 'read the session, to restore its tag afterwards',
            rule: 'flows.session-tags',
            operationId: 'queryProjectSession',
            principal: writer.name,
            request: read,
            check: (answer, s) => {
              s.was = tagged(answer);
              return expectStatus(answer, 200);
            },
          },
          {
            title: `tag it ${tagName}`,
            rule: 'flows.session-tags',
            operationId: 'updateSessionTag',
            principal: writer.name,
            request: () => tag(true),
            check: (answer) => expectStatus(answer, 200),
          },
          {
            title: 'the session shows the tag',
            rule: 'flows.session-tags',
            operationId: 'queryProjectSession',
            principal: writer.name,
            request: read,
            check: (answer) =>
              expectStatus(answer, 200) ?? (tagged(answer) ? undefined : `the session's tags lack ${tagName}`),
          },
          {
            title: 'restore the tag as it was',
            rule: 'flows.session-tags',
            operationId: 'updateSessionTag',
            principal: writer.name,
            cleanup: true,
            request: (s) => tag(s.was === true),
            check: (answer) => expectStatus(answer, 200),
          },
        ],
      });
    }
  }

  const outsider =
    admin &&
    file.principals.find(
      (p) =>
        p.kind === 'sessionCookie' && p.tenant === admin.tenant && p.grants.length === 0 && 'email' in p.credential,
    );
  if (
    admin &&
    outsider &&
    'email' in outsider.credential &&
    present('addOrganizationMember', 'updateOrganizationMember', 'listOrganizationMembers', 'removeOrganizationMember')
  ) {
    const organizationId = file.tenants[admin.tenant]!.organizationId;
    const email = outsider.credential.email;
    const members = `/organizations/${organizationId}/members`;
    const listed = (answer: Answer) =>
      ((answer.body as { email?: string; role?: string }[] | undefined) ?? []).find((member) => member.email === email);
    result.push({
      name: 'member life',
      steps: [
        {
          title: `add ${email} as an observer`,
          rule: 'flows.members',
          operationId: 'addOrganizationMember',
          principal: admin.name,
          request: () => ({ host: 'api', method: 'POST', path: members, body: json({ email, role: 'observer' }) }),
          check: (answer, s) => {
            s.userId = (answer.body as { userId?: number } | undefined)?.userId;
            return expectStatus(answer, 200, 201) ?? (s.userId === undefined ? 'the answer has no userId' : undefined);
          },
        },
        {
          title: 'make them a member',
          rule: 'flows.members',
          operationId: 'updateOrganizationMember',
          principal: admin.name,
          request: (s) => ({
            host: 'api',
            method: 'PUT',
            path: `${members}/${s.userId}`,
            body: json({ role: 'member' }),
          }),
          check: (answer) => expectStatus(answer, 200),
        },
        {
          title: 'the list shows the new role',
          rule: 'flows.members',
          operationId: 'listOrganizationMembers',
          principal: admin.name,
          request: () => ({ host: 'api', method: 'GET', path: members }),
          check: (answer) =>
            expectStatus(answer, 200) ??
            (listed(answer)?.role === 'member'
              ? undefined
              : `expected ${email} listed as member, got ${JSON.stringify(listed(answer))}`),
        },
        {
          title: 'remove them',
          rule: 'flows.members',
          operationId: 'removeOrganizationMember',
          principal: admin.name,
          cleanup: true,
          request: (s) => ({ host: 'api', method: 'DELETE', path: `${members}/${s.userId}` }),
          check: (answer) => expectStatus(answer, 200, 204),
        },
        {
          title: 'they are no longer listed',
          rule: 'flows.members',
          operationId: 'listOrganizationMembers',
          principal: admin.name,
          request: () => ({ host: 'api', method: 'GET', path: members }),
          check: (answer) => expectStatus(answer, 200) ?? (listed(answer) ? `${email} is still listed` : undefined),
        },
      ],
    });
  }

  const user = file.principals.find((p) => p.kind === 'sessionCookie');
  if (
    user &&
    'email' in user.credential &&
    present('createLoginSession', 'getCurrentLoginSession', 'deleteCurrentLoginSession')
  ) {
    const credential = user.credential;
    const cookie = (s: FlowState) => ({ cookie: `c3d_session_v5=${s.cookie}` });
    result.push({
      name: 'login session life',
      steps: [
        {
          title: 'log in',
          rule: 'flows.login',
          operationId: 'createLoginSession',
          headers: () => ({}),
          request: () => ({ host: 'api', method: 'POST', path: '/sessions', body: json(credential) }),
          check: (answer, s) => {
            s.cookie = /c3d_session_v5=([^;]+)/.exec(answer.headers['set-cookie'] ?? '')?.[1];
            s.csrf = (answer.body as { csrf?: string } | undefined)?.csrf;
            return expectStatus(answer, 200) ?? (s.cookie && s.csrf ? undefined : 'no cookie or no csrf token');
          },
        },
        {
          title: 'the session is current',
          rule: 'flows.login',
          operationId: 'getCurrentLoginSession',
          headers: cookie,
          request: () => ({ host: 'api', method: 'GET', path: '/sessions/current' }),
          check: (answer, s) =>
            expectStatus(answer, 200) ??
            ((answer.body as { csrf?: string }).csrf === s.csrf ? undefined : 'the csrf token differs from the login'),
        },
        {
          title: 'logging out without the CSRF token is refused',
          rule: 'credentials.csrf',
          operationId: 'deleteCurrentLoginSession',
          headers: cookie,
          request: () => ({ host: 'api', method: 'DELETE', path: '/sessions/current' }),
          check: (answer) => expectStatus(answer, 403),
        },
        {
          title: 'log out',
          rule: 'flows.login',
          operationId: 'deleteCurrentLoginSession',
          cleanup: true,
          headers: (s) => ({ ...cookie(s), 'c3d-csrf': s.csrf }),
          request: () => ({ host: 'api', method: 'DELETE', path: '/sessions/current' }),
          check: (answer) => expectStatus(answer, 200, 204),
        },
        {
          title: 'the ended session is refused',
          rule: 'credentials.ended-session',
          operationId: 'getCurrentLoginSession',
          headers: cookie,
          request: () => ({ host: 'api', method: 'GET', path: '/sessions/current' }),
          check: (answer) => expectStatus(answer, 401),
        },
      ],
    });
  }

  return result;
}
