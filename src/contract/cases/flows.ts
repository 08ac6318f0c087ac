import type { CompiledOperation } from '../../spec/compile.ts';
import type { Answer, RequestSpec } from '../model.ts';
import type { PrincipalSpec, PrincipalsFile } from '../principals.ts';

/** One step of a write flow: its request may use what earlier steps answered; its check names what went wrong. */
export interface FlowStep {
  title: string;
  rule: string;
  operationId: string;
  principal?: string;
  /** Credential headers to send instead of the principal's (a key or a session the flow made). */
  headers?: (state: FlowState) => Record<string, string>;
  request(state: FlowState): RequestSpec;
  check(answer: Answer, state: FlowState): string | undefined;
  /** Runs even when an earlier step failed (cleanup). */
  cleanup?: boolean;
}

export interface Flow {
  name: string;
  steps: FlowStep[];
}

export type FlowState = Record<string, any>;

const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
const json = (value: unknown) => ({ kind: 'json' as const, contentType: 'application/json', text: JSON.stringify(value) });
const expectStatus = (answer: Answer, ...statuses: number[]) =>
  statuses.includes(answer.status) ? undefined : `expected ${statuses.join(' or ')}, got ${answer.status}`;

function multipartScene(sceneName: string): { contentType: string; bytes: Uint8Array } {
  const boundary = 'c3dcontractscene';
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const add = (name: string, type: string, content: Uint8Array) => {
    parts.push(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`), content, encoder.encode('\r\n'));
  };
  add('scene.gltf', 'model/gltf+json', encoder.encode('{"asset":{"version":"2.0"}}'));
  add('scene.bin', 'application/octet-stream', new Uint8Array([0, 1, 2, 3]));
  add('screenshot.png', 'image/png', png);
  add('settings.json', 'application/json', encoder.encode(JSON.stringify({ scale: 1, sceneName, sdkVersion: '1.6.4' })));
  parts.push(encoder.encode(`--${boundary}--\r\n`));
  const bytes = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return { contentType: `multipart/form-data; boundary=${boundary}`, bytes };
}

const hasGrant = (principal: PrincipalSpec, scope: string, access: string) => principal.grants.some((g) => g.scope === scope && g.access === access);

/**
 * Write flows, each cleaning up what it created: a raw file's round trip, a multipart scene upload read back,
 * the lives of a project, a widget, a member, an API key (refused from its next request once revoked) and a
 * login session.
 */
export function flows(file: PrincipalsFile, operations: Map<string, CompiledOperation>): Flow[] {
  const admin = file.principals.find((p) => p.kind === 'sessionCookie' && hasGrant(p, 'organization', 'admin'));
  const writer = file.principals.find((p) => (p.kind === 'orgKey' || p.kind === 'legacyOrgKey') && hasGrant(p, 'organization', 'write'));
  const developer = file.principals.find((p) => p.kind === 'developerKey' && p.grants.some((g) => g.access !== 'read'));
  const result: Flow[] = [];
  const present = (...ids: string[]) => ids.every((id) => operations.has(id));

  if (writer && present('createMedia', 'uploadMediaFile', 'getMediaFile', 'deleteMedia')) {
    const projectId = file.tenants[writer.tenant]!.projectId;
    const fileUrl = (s: FlowState, name: string) => `/projects/${projectId}/media/${s.mediaId}/files/${name}`;
    result.push({
      name: 'raw file round trip',
      steps: [
        {
          title: 'create a media item',
          rule: 'flows.media',
          operationId: 'createMedia',
          principal: writer.name,
          request: () => ({ host: 'api', method: 'POST', path: `/projects/${projectId}/media`, body: json({ name: 'c3d contract probe', description: 'Created by the contract suite', staticMedia: true }) }),
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
          request: (s) => ({ host: 'api', method: 'PUT', path: fileUrl(s, 'probe.png'), body: { kind: 'bytes', contentType: 'image/png', bytes: png } }),
          check: (answer) => expectStatus(answer, 200, 201, 204),
        },
        {
          title: 'download it byte-identical with the same type',
          rule: 'content-types.raw-round-trip',
          operationId: 'getMediaFile',
          principal: writer.name,
          request: (s) => ({ host: 'api', method: 'GET', path: fileUrl(s, 'probe.png') }),
          check: (answer) => {
            const type = answer.headers['content-type']?.split(';')[0];
            if (answer.status !== 200) return `expected 200, got ${answer.status}`;
            if (type !== 'image/png') return `served as ${type ?? 'no type'}, uploaded as image/png`;
            if (answer.headers['content-length'] !== String(png.length)) return `Content-Length ${answer.headers['content-length']}, the file has ${png.length} bytes`;
            return answer.bytes.length === png.length && answer.bytes.every((byte, i) => byte === png[i]) ? undefined : 'the bytes differ from those uploaded';
          },
        },
        {
          title: 'refuse JPEG bytes declared as PNG',
          rule: 'content-types.raw-contradiction',
          operationId: 'uploadMediaFile',
          principal: writer.name,
          request: (s) => ({ host: 'api', method: 'PUT', path: fileUrl(s, 'photo.png'), body: { kind: 'bytes', contentType: 'image/png', bytes: jpeg } }),
          check: (answer) => expectStatus(answer, 415),
        },
        {
          title: 'delete the media item',
          rule: 'flows.media',
          operationId: 'deleteMedia',
          principal: writer.name,
          cleanup: true,
          request: (s) => ({ host: 'api', method: 'DELETE', path: `/projects/${projectId}/media/${s.mediaId}` }),
          check: (answer) => expectStatus(answer, 200, 204),
        },
      ],
    });
  }

  if (developer && present('collectorCreateScene', 'collectorGetScene', 'uploadSceneVersion')) {
    const upload = multipartScene('c3d contract scene');
    result.push({
      name: 'multipart scene upload',
      steps: [
        {
          title: 'upload a new scene (201, the UUID as text)',
          rule: 'content-types.multipart-upload',
          operationId: 'collectorCreateScene',
          principal: developer.name,
          request: () => ({ host: 'data', method: 'POST', path: '/scenes', body: { kind: 'bytes', ...upload } }),
          check: (answer, s) => {
            s.sceneId = answer.text.trim().replace(/^"|"$/g, '');
            if (answer.status !== 201) return `expected 201, got ${answer.status}`;
            return /^[0-9a-f-]{36}$/i.test(s.sceneId) ? undefined : `the body is not a scene UUID: ${answer.text.slice(0, 80)}`;
          },
        },
        {
          title: 'upload version 2',
          rule: 'content-types.multipart-upload',
          operationId: 'uploadSceneVersion',
          principal: developer.name,
          request: (s) => ({ host: 'data', method: 'POST', path: `/scenes/${s.sceneId}`, body: { kind: 'bytes', ...upload } }),
          check: (answer) => expectStatus(answer, 200, 201),
        },
        {
          title: 'read the scene back with both versions',
          rule: 'content-types.multipart-read-back',
          operationId: 'collectorGetScene',
          principal: developer.name,
          request: (s) => ({ host: 'data', method: 'GET', path: `/scenes/${s.sceneId}` }),
          check: (answer) => {
            const versions = (answer.body as { versions?: { versionNumber: number }[] } | undefined)?.versions?.map((v) => v.versionNumber);
            return answer.status === 200 && JSON.stringify(versions) === '[1,2]' ? undefined : `expected versions [1,2], got ${answer.status} ${JSON.stringify(versions)}`;
          },
        },
      ],
    });
  }

  if (admin && present('createProject', 'getProject', 'updateProject', 'deleteProject')) {
    const organizationId = file.tenants[admin.tenant]!.organizationId;
    result.push({
      name: 'project life',
      steps: [
        {
          title: 'create a project',
          rule: 'flows.projects',
          operationId: 'createProject',
          principal: admin.name,
          request: () => ({ host: 'api', method: 'POST', path: '/projects', body: json({ name: 'c3d contract project', organizationId }) }),
          check: (answer, s) => {
            s.projectId = (answer.body as { id?: number } | undefined)?.id;
            return expectStatus(answer, 200, 201) ?? (s.projectId === undefined ? 'the answer has no id' : undefined);
          },
        },
        {
          title: 'read it',
          rule: 'flows.projects',
          operationId: 'getProject',
          principal: admin.name,
          request: (s) => ({ host: 'api', method: 'GET', path: `/projects/${s.projectId}` }),
          check: (answer) => expectStatus(answer, 200) ?? ((answer.body as { name?: string }).name === 'c3d contract project' ? undefined : 'the name read back differs'),
        },
        {
          title: 'rename it',
          rule: 'flows.projects',
          operationId: 'updateProject',
          principal: admin.name,
          request: (s) => ({ host: 'api', method: 'PUT', path: `/projects/${s.projectId}`, body: json({ name: 'c3d contract project, renamed' }) }),
          check: (answer) => expectStatus(answer, 200),
        },
        {
          title: 'delete it',
          rule: 'flows.projects',
          operationId: 'deleteProject',
          principal: admin.name,
          cleanup: true,
          request: (s) => ({ host: 'api', method: 'DELETE', path: `/projects/${s.projectId}` }),
          check: (answer) => expectStatus(answer, 200, 204),
        },
        {
          title: 'it is gone',
          rule: 'flows.projects',
          operationId: 'getProject',
          principal: admin.name,
          request: (s) => ({ host: 'api', method: 'GET', path: `/projects/${s.projectId}` }),
          check: (answer) => expectStatus(answer, 404),
        },
      ],
    });
  }

  if (admin && present('createOrganizationApiKey', 'revokeOrganizationApiKey', 'getProject')) {
    const { organizationId, projectId } = file.tenants[admin.tenant]!;
    result.push({
      name: 'API key life',
      steps: [
        {
          title: 'create a read key',
          rule: 'flows.api-keys',
          operationId: 'createOrganizationApiKey',
          principal: admin.name,
          request: () => ({ host: 'api', method: 'POST', path: `/organizations/${organizationId}/apiKeys`, body: json({ name: 'c3d contract key', access: 'read' }) }),
          check: (answer, s) => {
            const body = answer.body as { id?: number; secret?: string } | undefined;
            s.keyId = body?.id;
            s.secret = body?.secret;
            return expectStatus(answer, 200, 201) ?? (typeof s.secret === 'string' ? undefined : 'the answer has no secret');
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
          request: (s) => ({ host: 'api', method: 'DELETE', path: `/organizations/${organizationId}/apiKeys/${s.keyId}` }),
          check: (answer) => expectStatus(answer, 200, 204),
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

  if (writer && present('createWidget', 'getWidget', 'updateWidget', 'deleteWidget')) {
    const projectId = file.tenants[writer.tenant]!.projectId;
    const widget = (s: FlowState) => `/projects/${projectId}/widgets/${s.widgetId}`;
    result.push({
      name: 'widget life',
      steps: [
        {
          title: 'create a widget',
          rule: 'flows.widgets',
          operationId: 'createWidget',
          principal: writer.name,
          request: () => ({ host: 'api', method: 'POST', path: `/projects/${projectId}/widgets`, body: json({ title: 'c3d contract widget', chartType: 'DEFAULT', query: { type: 'custom', name: 'c3d-contract', friendlyName: 'Contract sessions' } }) }),
          check: (answer, s) => {
            s.widgetId = (answer.body as { id?: number } | undefined)?.id;
            return expectStatus(answer, 200, 201) ?? (s.widgetId === undefined ? 'the answer has no id' : undefined);
          },
        },
        {
          title: 'rename it',
          rule: 'flows.widgets',
          operationId: 'updateWidget',
          principal: writer.name,
          request: (s) => ({ host: 'api', method: 'PUT', path: widget(s), body: json({ title: 'c3d contract widget, renamed' }) }),
          check: (answer) => expectStatus(answer, 200),
        },
        {
          title: 'read the new title back',
          rule: 'flows.widgets',
          operationId: 'getWidget',
          principal: writer.name,
          request: (s) => ({ host: 'api', method: 'GET', path: widget(s) }),
          check: (answer) => expectStatus(answer, 200) ?? ((answer.body as { title?: string }).title === 'c3d contract widget, renamed' ? undefined : 'the title read back differs'),
        },
        {
          title: 'delete it',
          rule: 'flows.widgets',
          operationId: 'deleteWidget',
          principal: writer.name,
          cleanup: true,
          request: (s) => ({ host: 'api', method: 'DELETE', path: widget(s) }),
          check: (answer) => expectStatus(answer, 200, 204),
        },
        {
          title: 'it is gone',
          rule: 'flows.widgets',
          operationId: 'getWidget',
          principal: writer.name,
          request: (s) => ({ host: 'api', method: 'GET', path: widget(s) }),
          check: (answer) => expectStatus(answer, 404),
        },
      ],
    });
  }

  const outsider = admin && file.principals.find((p) => p.kind === 'sessionCookie' && p.tenant === admin.tenant && p.grants.length === 0 && 'email' in p.credential);
  if (admin && outsider && 'email' in outsider.credential && present('addOrganizationMember', 'updateOrganizationMember', 'listOrganizationMembers', 'removeOrganizationMember')) {
    const organizationId = file.tenants[admin.tenant]!.organizationId;
    const email = outsider.credential.email;
    const members = `/organizations/${organizationId}/members`;
    const listed = (answer: Answer) => ((answer.body as { email?: string; role?: string }[] | undefined) ?? []).find((member) => member.email === email);
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
          request: (s) => ({ host: 'api', method: 'PUT', path: `${members}/${s.userId}`, body: json({ role: 'member' }) }),
          check: (answer) => expectStatus(answer, 200),
        },
        {
          title: 'the list shows the new role',
          rule: 'flows.members',
          operationId: 'listOrganizationMembers',
          principal: admin.name,
          request: () => ({ host: 'api', method: 'GET', path: members }),
          check: (answer) => expectStatus(answer, 200) ?? (listed(answer)?.role === 'member' ? undefined : `expected ${email} listed as member, got ${JSON.stringify(listed(answer))}`),
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
  if (user && 'email' in user.credential && present('createLoginSession', 'getCurrentLoginSession', 'deleteCurrentLoginSession')) {
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
          check: (answer, s) => expectStatus(answer, 200) ?? ((answer.body as { csrf?: string }).csrf === s.csrf ? undefined : 'the csrf token differs from the login'),
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
