import { fail } from '../../http/errors.ts';
import type { Store, TableRow } from '../../store/store.ts';
import type { JsonRecord } from '../../store/table.ts';
import { findSession } from '../shared/session-views.ts';
import { ok } from '../shared/results.ts';
import type { Implementations } from '../shared/types.ts';

interface Answer {
  type: string;
  value: string | number | boolean | null;
}

interface Submission {
  hook: string;
  userId: string;
  participantId?: string;
  sceneId?: string;
  versionNumber?: number;
  versionId?: number;
  sessionId: string;
  questionSetId: string;
  answers: (Answer | null)[];
}

/** Per hook (the set's name), the newest active version of the project's question sets. */
export function activeQuestionSets(store: Store, projectId: number): TableRow<'questionSets'>[] {
  const newest = new Map<string, TableRow<'questionSets'>>();
  for (const set of store.tables.questionSets.children('projectId', projectId)) {
    if (set.record.status !== 'active') continue;
    const current = newest.get(set.record.name);
    if (!current || current.record.version < set.record.version) newest.set(set.record.name, set);
  }
  return [...newest.values()];
}

/** Booleans are stored as 1/0, as the dashboard's response records show them. */
const storedValue = (value: Answer['value']) => (typeof value === 'boolean' ? Number(value) : value);

/** The scene version a submission names, checked against the project; 400 naming the field when it is not there. */
function submittedVersion(store: Store, projectId: number, body: Submission): TableRow<'sceneVersions'> | undefined {
  const scene = body.sceneId === undefined ? undefined : store.tables.scenes.get(body.sceneId);
  if (body.sceneId !== undefined && scene?.record.projectId !== projectId)
    fail(400, `Scene ${body.sceneId} is not in this project`, '/sceneId');
  if (body.versionId !== undefined) {
    const version = store.tables.sceneVersions.get(body.versionId);
    const owner = version && store.tables.scenes.get(version.record.sceneId);
    if (!version || owner?.record.projectId !== projectId || (scene && owner.key !== scene.key)) {
      fail(
        400,
        `Scene version ${body.versionId} is not a version of ${scene ? `scene ${scene.key}` : 'this project'}`,
        '/versionId',
      );
    }
    if (body.versionNumber !== undefined && version.record.versionNumber !== body.versionNumber)
      fail(400, 'versionNumber and versionId name different versions', '/versionNumber');
    return version;
  }
  if (scene && body.versionNumber !== undefined) {
    const version = store.tables.sceneVersions
      .children('sceneId', scene.key)
      .find((row) => row.record.versionNumber === body.versionNumber);
    if (!version) fail(400, `Scene ${scene.key} has no version ${body.versionNumber}`, '/versionNumber');
    return version;
  }
  return undefined;
}

/**
 * The scene version answers without one were given in: the latest version the session visited (of the named scene,
 * when the answers name one).
 */
function sessionVersion(
  store: Store,
  session: TableRow<'sessions'>,
  sceneId: string | undefined,
): TableRow<'sceneVersions'> | undefined {
  const visited = [...(session.internal.versionIds ?? [])].reverse();
  for (const versionId of visited) {
    const version = store.tables.sceneVersions.get(versionId);
    if (version && (sceneId === undefined || version.record.sceneId === sceneId)) return version;
  }
  return undefined;
}

/** The ExitPoll question set an SDK shows for a hook, and the answers it sends back. */
export const exitPollOperations = {
  getHookQuestionSet: ({ store, target, path }) => {
    const set = activeQuestionSets(store, target.project.key).find((row) => row.record.name === path.hook);
    if (!set) fail(404, `No active question set for hook ${path.hook}`);
    return ok(set.record);
  },

  submitExitPollResponses: ({ store, target, path, body, now }) => {
    const projectId = target.project.key;
    const questionSetId = `${path.questionSetName}:${path.questionSetVersion}`;
    const set = store.tables.questionSets.get(`${projectId}/${questionSetId}`);
    if (!set) fail(404, `No question set ${questionSetId} in this project`);
    const submission = body;
    if (submission.questionSetId !== questionSetId)
      fail(400, `questionSetId must be ${questionSetId}, the set of the path`, '/questionSetId');
    const questions = set.record.questions;
    if (submission.answers.length > questions.length)
      fail(
        400,
        `${questionSetId} has ${questions.length} questions; ${submission.answers.length} answers were sent`,
        '/answers',
      );
    const session = findSession(store, projectId, submission.sessionId);
    const version =
      submittedVersion(store, projectId, submission) ?? (session && sessionVersion(store, session, submission.sceneId));

    const table = store.tables.exitPollResponses;
    submission.answers.forEach((answer, questionIndex) => {
      const question = questions[questionIndex];
      if (!question) return; // refused above: there are no more answers than questions
      table.insert(
        {
          id: table.nextKey(),
          type: question.type,
          hook: submission.hook,
          questionIndex,
          timestamp: now,
          userId: submission.userId || null,
          projectId,
          participantId: submission.participantId || session?.record.participantId || submission.userId || null,
          sceneId: version?.record.sceneId ?? submission.sceneId ?? null,
          sceneVersionNumber: version?.record.versionNumber ?? null,
          sessionId: submission.sessionId,
          sessionFriendlyName: session?.record.friendlyName ?? null,
          sessionSqlId: session?.record.id ?? null,
          questionSetId,
          skipped: answer === null || answer.value === null,
          value: answer === null ? null : storedValue(answer.value),
        },
        { questionSetKey: `${projectId}/${questionSetId}` },
      );
    });

    if (session) {
      // The SDK sends the session's `cvr.exitpoll` event itself, beside this POST; the answers only fill the
      // properties the set saves to the session.
      const properties: JsonRecord = { ...session.record.properties };
      questions.forEach((question, index) => {
        const answer = submission.answers[index];
        if (question.saveToSession && question.propertyLabel && answer && answer.value !== null) {
          properties[`c3d.participant.exitpoll.${question.propertyLabel}`] = answer.value;
        }
      });
      store.tables.sessions.update(session.key, { record: { properties } });
    }
    return ok({});
  },
} satisfies Implementations;
