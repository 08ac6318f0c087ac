import { rawBody } from '../../../client/client.ts';
import type { FlowContext } from './context.ts';
import { expectStatus, type Flow } from './flow.ts';
import { life } from './life.ts';
import { jpeg, png } from './probe-files.ts';
import { tenantOf } from '../../principals.ts';

type MediaState = { id?: number };

/**
 * A raw file's round trip through a media item: uploaded with its type, served back byte-identical with the
 * same type, and bytes that contradict their declared type refused. Written with the typed client: the
 * paths, parameters and bodies are checked against the generated types.
 */
export function mediaFlow({ file, writer, present }: FlowContext): Flow<MediaState> | undefined {
  if (!writer || !present('createMedia', 'uploadMediaFile', 'getMediaFile', 'deleteMedia')) return undefined;
  const projectId = tenantOf(file, writer).projectId;
  // The id the create step kept: a cleanup run after a failed create sends it as it is, undefined, as other flows do.
  const mediaId = (s: MediaState) => s.id as number;
  const filePath = (s: MediaState, fileName: string) => ({ path: { projectId, mediaId: mediaId(s), fileName } });
  return life<MediaState>({
    name: 'raw file round trip',
    rule: 'flows.media',
    principal: writer.name,
    create: {
      title: 'create a media item',
      operationId: 'createMedia',
      call: ({ api }) =>
        api.POST('/projects/{projectId}/media', {
          params: { path: { projectId } },
          body: { name: 'c3d contract probe', description: 'Created by the contract suite', staticMedia: true },
        }),
    },
    uses: [
      {
        title: 'upload a PNG with its type',
        rule: 'content-types.raw-upload',
        operationId: 'uploadMediaFile',
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
        call: ({ api }, s) =>
          api.PUT('/projects/{projectId}/media/{mediaId}/files/{fileName}', {
            params: filePath(s, 'photo.png'),
            ...rawBody(jpeg, 'image/png'),
          }),
        check: (answer) => expectStatus(answer, 415),
      },
    ],
    remove: {
      title: 'delete the media item',
      operationId: 'deleteMedia',
      call: ({ api }, s) =>
        api.DELETE('/projects/{projectId}/media/{mediaId}', { params: { path: { projectId, mediaId: mediaId(s) } } }),
    },
  });
}
