import type { CompiledOperation } from '../../../spec/compile.ts';
import type { PrincipalsFile } from '../../principals.ts';
import { apiKeyFlow } from './api-key.ts';
import { connectionFlow } from './connection.ts';
import { type FlowContext, flowContext } from './context.ts';
import { dashboardFlow } from './dashboard.ts';
import type { Flow } from './flow.ts';
import { loginSessionFlow } from './login-session.ts';
import { mediaFlow } from './media.ts';
import { memberFlow } from './member.ts';
import { objectiveFlow } from './objective.ts';
import { projectFlow } from './project.ts';
import { sceneUploadFlow } from './scene-upload.ts';
import { sessionTagFlow } from './session-tag.ts';
import { widgetFlow } from './widget.ts';

export type { Flow, FlowState, FlowStep } from './flow.ts';
export { leftByEveryRun } from './left-by-every-run.ts';

/**
 * The write flows, in the order they run. Each cleans up what it created, and is left out when the
 * principals file has nobody to take it or the documents lack one of its operations.
 */
const allFlows: ((context: FlowContext) => Flow | undefined)[] = [
  mediaFlow,
  sceneUploadFlow,
  projectFlow,
  apiKeyFlow,
  widgetFlow,
  dashboardFlow,
  objectiveFlow,
  connectionFlow,
  sessionTagFlow,
  memberFlow,
  loginSessionFlow,
];

export function flows(file: PrincipalsFile, operations: ReadonlyMap<string, CompiledOperation>): Flow[] {
  const context = flowContext(file, operations);
  return allFlows.map((flow) => flow(context)).filter((flow) => flow !== undefined);
}
