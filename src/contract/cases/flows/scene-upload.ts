import { arrayAt, isRecord } from '../../../guards.ts';
import type { FlowContext } from './context.ts';
import { expectStatus, type Flow } from './flow.ts';
import { multipartScene } from './probe-files.ts';

type SceneUploadState = { sceneId?: string; created?: boolean };

/**
 * A multipart scene upload on the data host, read back: a new scene (201, its UUID as text), a second
 * version of it, and the scene with both versions. It stays: the API has no route to delete a scene.
 */
export function sceneUploadFlow({ developer, present }: FlowContext): Flow<SceneUploadState> | undefined {
  if (!developer || !present('collectorCreateScene', 'collectorGetScene', 'uploadSceneVersion')) return undefined;
  const upload = multipartScene('c3d contract scene');
  const projectId = developer.grants.find((grant) => grant.scope === 'project')?.id;
  const where = projectId === undefined ? "the developer key's project" : `project ${projectId}`;
  return {
    name: 'multipart scene upload',
    leaves: (s) =>
      s.created
        ? `the scene "c3d contract scene" (${s.sceneId}) with the versions uploaded, in ${where}: ` +
          'the API has no route to delete a scene'
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
          const versions = arrayAt(answer.body, 'versions')?.map((v) => (isRecord(v) ? v.versionNumber : undefined));
          return answer.status === 200 && JSON.stringify(versions) === '[1,2]'
            ? undefined
            : `expected versions [1,2], got ${answer.status} ${JSON.stringify(versions)}`;
        },
      },
    ],
  };
}
