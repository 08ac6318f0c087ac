/** `c3d-mock/contract`: the contract suite, to run against any implementation of the API from code. */
export { groups, runSuite, type SuiteOptions, type SuiteReport } from './run.ts';
export { verify, verifyUsage } from './cli.ts';
export { loadPrincipals, parsePrincipals, PrincipalsError, type PrincipalsFile, type PrincipalSpec } from './principals.ts';
export { htmlReport } from './reports/html.ts';
export { jsonReport } from './reports/json.ts';
export { junitReport } from './reports/junit.ts';
export type { CaseResult, ContractCase } from './model.ts';
