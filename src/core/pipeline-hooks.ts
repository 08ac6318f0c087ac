import type { Decision } from '../auth/policy.ts';
import type { CompiledOperation } from '../spec/compile.ts';
import type { Located } from '../store/ancestry.ts';

/** Where a fault may bend the pipeline's own checks; each hook takes what the rules give and returns what is used. */
export interface PipelineHooks {
  /** Whether a cookie request other than GET must repeat its CSRF token. */
  csrfChecked(checked: boolean): boolean;
  /** The policy's decision on the located target. */
  authorized(decision: Decision, operation: CompiledOperation, target: Located | undefined): Decision;
}

export const ruleKeepingPipelineHooks: PipelineHooks = {
  csrfChecked: (checked) => checked,
  authorized: (decision) => decision,
};
