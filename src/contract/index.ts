/** `c3d-mock/contract`: the contract suite, to run against any implementation of the API from code. */
export { groups, runSuite, summarize, type SuiteOptions, type SuiteReport } from './run.ts';
export { parseShard, type Shard } from './shard.ts';
export {
  mergeReports,
  mergeReportsCommand,
  mergeUsage,
  MergeError,
  readShardReport,
  type ShardReport,
} from './merge.ts';
export { discoverPrincipals, type CredentialInput, type DiscoverOptions, type Discovery } from './discover/discover.ts';
export { DiscoveryError } from './discover/target.ts';
export { principalsCommand, principalsUsage } from './discover/cli.ts';
export { exitStatus, verify, verifyUsage } from './cli.ts';
export { preflight, type PreflightOptions, type PreflightResult } from './preflight.ts';
export {
  loadPrincipals,
  parsePrincipals,
  PrincipalsError,
  type PrincipalsFile,
  type PrincipalSpec,
} from './principals.ts';
export { htmlReport } from './reports/html.ts';
export { jsonReport } from './reports/json.ts';
export { junitReport } from './reports/junit.ts';
export type { CaseResult, ContractCase, ReceivedAnswer, SentRequest } from './model.ts';
