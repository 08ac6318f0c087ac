import type { components } from '../../generated/api.ts';
import { fail } from '../../http/errors.ts';
import type { Store, TableRow } from '../../store/store.ts';
import { evaluateObjectives } from '../shared/objective-evaluation.ts';
import { file, ok } from '../shared/results.ts';
import type { Implementations, TargetByKind } from '../shared/types.ts';
import { createPdf, type PdfLine } from './pdf.ts';
import { versionIdsOf } from './select.ts';
import { sessionJsonData, sessionZipEntries } from './streams.ts';
import { findSession, sessionView, visitedVersion } from '../shared/session-views.ts';
import { createZip } from './zip.ts';

type Schemas = components['schemas'];

/** A session of the target project, or 404. */
function projectSession(store: Store, target: TargetByKind['project'], sessionId: string): TableRow<'sessions'> {
  const session = findSession(store, target.project.key, sessionId);
  if (!session) fail(404, 'Not found');
  return session;
}

/**
 * A session of the target version: the ids the dashboard repeats (query or body `projectId`, `sceneId`) must
 * name the version's project and scene, and the session must have visited the version; otherwise 404.
 */
function versionSession(
  store: Store,
  target: TargetByKind['sceneVersion'],
  sessionId: string,
  repeated: { projectId?: number | string; sceneId?: string } = {},
): TableRow<'sessions'> {
  const { project, scene, version } = target;
  if (repeated.projectId !== undefined && Number(repeated.projectId) !== project.key) fail(404, 'Not found');
  if (repeated.sceneId !== undefined && repeated.sceneId !== scene.key) fail(404, 'Not found');
  const session = findSession(store, project.key, sessionId);
  if (!session || !visitedVersion(session, version.key)) fail(404, 'Not found');
  return session;
}

/** The metadata answer: the scene session plus the scene's name and the version number. */
function metadataView(
  store: Store,
  session: TableRow<'sessions'>,
  version: TableRow<'sceneVersions'>,
): Schemas['SessionMetadata'] {
  const scene = store.tables.scenes.get(version.record.sceneId);
  return {
    ...sessionView(store, session, { version }),
    sceneName: scene?.record.sceneName,
    versionNumber: version.record.versionNumber,
  };
}

const minutes = (ms: number) => `${Math.floor(ms / 60000)} min ${((ms % 60000) / 1000).toFixed(1)} s`;

/** The lines of one session's section of a report. */
function reportSection(store: Store, session: TableRow<'sessions'>, version?: TableRow<'sceneVersions'>): PdfLine[] {
  const { record } = session;
  const versions = version ? [version.key] : versionIdsOf(session);
  const scenes = versions.map((id) => {
    const row = store.tables.sceneVersions.get(id);
    const scene = row && store.tables.scenes.get(row.record.sceneId);
    return row && scene ? `${scene.record.sceneName} (version ${row.record.versionNumber})` : `version ${id}`;
  });
  const events = (session.internal.events ?? []).filter(
    (event) => !version || event.parentSceneVersionId === version.key,
  );
  const objectives = Object.entries(evaluateObjectives(store, session)).map(([id, steps]) => {
    const succeeded = steps.filter((step) => step.result === 'succeeded').length;
    return `Objective version ${id}: ${succeeded} of ${steps.length} steps succeeded`;
  });
  const tags = record.tags ?? [];
  return [
    { text: `Session ${record.friendlyName ?? record.sessionId}`, bold: true },
    { text: `Session id: ${record.sessionId}` },
    { text: `Participant: ${record.participantId ?? 'unknown'}` },
    { text: `Date: ${record.date}${record.endDate ? ` to ${record.endDate}` : ''}` },
    { text: `Duration: ${minutes(Number(record.duration ?? 0))}` },
    { text: `Device: ${record.hmd ?? 'unknown'}` },
    { text: `Scenes: ${scenes.join(', ') || 'none'}` },
    { text: `Tags: ${tags.join(', ') || 'none'}` },
    { text: `Events: ${events.length}` },
    ...objectives.map((text) => ({ text })),
    { text: '' },
  ];
}

function report(title: string, sections: PdfLine[][], now: number, fileName: string) {
  const bytes = createPdf({ title, lines: sections.flat(), created: now });
  return file(bytes, 'application/pdf', { 'content-disposition': `inline; filename="${fileName}"` });
}

const projectHeading = (project: TableRow<'projects'>): PdfLine => ({
  text: `Project: ${project.record.name} (${project.key})`,
});

function zipDownload(store: Store, session: TableRow<'sessions'>, version?: TableRow<'sceneVersions'>) {
  const bytes = createZip(sessionZipEntries(store, session, version), Date.parse(String(session.record.date)));
  return file(bytes, 'application/zip', {
    'content-disposition': `attachment; filename="${session.record.sessionId}.zip"`,
  });
}

/** The tag definitions a project may use: the defaults and its organization's (those limited to projects must list it). */
function findTag(store: Store, target: TargetByKind['project'], title: string): TableRow<'sessionTags'> | undefined {
  const projectId = target.project.key;
  const { sessionTags } = store.tables;
  const candidates = [
    ...sessionTags.children('organizationId', null),
    ...sessionTags.children('organizationId', undefined),
    ...sessionTags.children('organizationId', target.organization.key),
  ];
  return candidates.find((tag) => {
    if (tag.record.title !== title) return false;
    if (tag.record.isDefault === true) return true;
    const projectIds = tag.record.projectIds;
    return !projectIds?.length || projectIds.includes(projectId);
  });
}

/** Raw session data (JSON, ZIP), metadata, tags and reports. */
export const sessionDataOperations = {
  queryProjectSessionJson: ({ store, target, path, body }) => {
    const request = body;
    if (request.sessionId !== undefined && request.sessionId !== path.sessionId)
      fail(400, 'sessionId differs from the path', '/sessionId');
    const session = projectSession(store, target, path.sessionId);
    return ok({ data: sessionJsonData(store, session, request) });
  },

  queryVersionSessionJson: ({ store, target, path, body }) => {
    const request = body;
    if (request.sessionId !== undefined && request.sessionId !== path.sessionId)
      fail(400, 'sessionId differs from the path', '/sessionId');
    const session = versionSession(store, target, path.sessionId, request);
    return ok({ data: sessionJsonData(store, session, request, target.version) });
  },

  downloadProjectSessionZip: ({ store, target, path }) =>
    zipDownload(store, projectSession(store, target, path.sessionId)),

  downloadVersionSessionZip: ({ store, target, path, query }) =>
    zipDownload(store, versionSession(store, target, path.sessionId, query), target.version),

  getVersionSessionMetadata: ({ store, target, path }) =>
    ok(metadataView(store, versionSession(store, target, path.sessionId), target.version)),

  lookupSessionMetadata: ({ store, target, body }) => {
    const projectId = target.project.key;
    const found: Schemas['SessionMetadata'][] = [];
    for (const { sdkId, sceneId } of body.sdkIdSceneIds) {
      const session = findSession(store, projectId, sdkId);
      const scene = store.tables.scenes.get(sceneId);
      if (!session || !scene || scene.record.projectId !== projectId) continue;
      // A session that visited several versions of the scene is described in the last one it visited.
      const version = versionIdsOf(session)
        .map((id) => store.tables.sceneVersions.get(id))
        .filter((row) => row?.record.sceneId === scene.key)
        .pop();
      if (version) found.push(metadataView(store, session, version));
    }
    return ok(found);
  },

  updateSessionTag: ({ store, target, path, body, auditTarget }) => {
    const session = projectSession(store, target, path.sessionId);
    const tag = findTag(store, target, path.tagName);
    if (!tag) fail(404, `No session tag ${JSON.stringify(path.tagName)} in this project`);
    const title = String(tag.record.title);
    const value = body.value;
    const tags = (session.record.tags ?? []).filter((existing) => existing !== title);
    if (value) tags.push(title);
    const properties = { ...(session.record.properties ?? {}) };
    if (value) properties[`c3d.session_tag.${title}`] = true;
    else delete properties[`c3d.session_tag.${title}`];
    store.tables.sessions.update(session.key, { record: { tags, properties } });
    auditTarget('session', String(session.record.sessionId));
    return ok({ sessionId: session.record.sessionId, tag: title, value, tags });
  },

  getProjectSessionReport: ({ store, target, path, now }) => {
    const session = projectSession(store, target, path.sessionId);
    const title = `Session report: ${session.record.friendlyName ?? session.record.sessionId}`;
    return report(
      title,
      [[projectHeading(target.project), { text: '' }], reportSection(store, session)],
      now,
      `${session.record.sessionId}.pdf`,
    );
  },

  getVersionSessionReport: ({ store, target, path, query, now }) => {
    const session = versionSession(store, target, path.sessionId, query);
    const title = `Session report: ${session.record.friendlyName ?? session.record.sessionId}`;
    return report(
      title,
      [[projectHeading(target.project), { text: '' }], reportSection(store, session, target.version)],
      now,
      `${session.record.sessionId}.pdf`,
    );
  },

  generateSessionsReport: ({ store, target, body, query, now }) => {
    const sessions = body.sessionIds.map((sessionId) => versionSession(store, target, sessionId, query));
    const { scene, version, project } = target;
    const heading: PdfLine[] = [
      projectHeading(project),
      { text: `Scene: ${scene.record.sceneName} (version ${version.record.versionNumber})` },
      { text: `Sessions: ${sessions.length}` },
      { text: '' },
    ];
    const sections = sessions.map((session) => reportSection(store, session, version));
    return report(
      `Sessions report: ${scene.record.sceneName}`,
      [heading, ...sections],
      now,
      `sessions-report-${version.key}.pdf`,
    );
  },

  sendSessionReportEmail: ({ store, target, path, body, auditTarget }) => {
    const request = body;
    const session = versionSession(store, target, path.sessionId, request);
    auditTarget('session', String(session.record.sessionId));
    return ok({ sent: request.recipients.length, recipients: request.recipients });
  },
} satisfies Implementations;
