import { arrayAt, fromEntries, isOneOf, isRecord, keysOf } from '../guards.ts';
import { ruleKeepingCredentialHooks, type CredentialHooks } from '../auth/credential-hooks.ts';
import { ruleKeepingPolicyHooks, type PolicyHooks } from '../auth/policy.ts';
import { ruleKeepingBodyHooks, type RequestBodyHooks } from '../http/body.ts';
import { ruleKeepingResponseHooks, type ResponseHooks } from '../http/respond.ts';
import { ruleKeepingPipelineHooks, type PipelineHooks } from './pipeline-hooks.ts';

/** Every hook a fault can attach to, by the layer it acts in. */
export interface FaultHooks {
  credentials: CredentialHooks;
  policy: PolicyHooks;
  pipeline: PipelineHooks;
  'request-body': RequestBodyHooks;
  response: ResponseHooks;
}

type Layer = keyof FaultHooks;

/** A fault of one layer: what it breaks, and the hooks of that layer it replaces to break it. */
interface LayerFault<L extends Layer> {
  description: string;
  layer: L;
  hooks: Partial<FaultHooks[L]>;
}

type Fault = { [L in Layer]: LayerFault<L> }[Layer];

const fault = <L extends Layer>(layer: L, description: string, hooks: Partial<FaultHooks[L]>): LayerFault<L> => ({
  description,
  layer,
  hooks,
});

/**
 * Faults: each breaks exactly one rule of the API, so the contract suite can prove it notices.
 * Enabled with `--fault NAME` (repeatable) or the `faults` option of the mock; several on one hook act in this order.
 */
const faults = {
  'accept-bearer': fault('credentials', 'accepts `Authorization: Bearer <key>` as if the key were sent bare', {
    authorization: (header) => (header.startsWith('Bearer ') ? header.slice(7) : header),
  }),
  'accept-any-key': fault('credentials', 'accepts any well-shaped key, known or not', {
    keyRow: (row, table) => row ?? table.all().next().value,
  }),
  'read-keys-write': fault('credentials', 'lets read-only API keys write', {
    keyAccess: (access) => (access === 'read' ? 'write' : access),
  }),
  'observers-write': fault('credentials', 'lets observers write', {
    roleAccess: (access, role) => (role === 'observer' ? 'write' : access),
  }),
  'cross-tenant-leak': fault('pipeline', "lets any authenticated caller read another tenant's project", {
    authorized: (decision, operation, target) =>
      !decision.allow && decision.status === 404 && operation.access === 'read' && target ? { allow: true } : decision,
  }),
  'json-as-text': fault('response', 'answers JSON bodies with `Content-Type: text/plain`', {
    jsonContentType: () => 'text/plain; charset=utf-8',
  }),
  'lose-upload-type': fault('response', 'serves uploaded files as application/octet-stream instead of their own type', {
    fileContentType: () => 'application/octet-stream',
  }),
  'skip-415': fault('request-body', 'accepts request bodies of any Content-Type', {
    contentTypeChecked: () => false,
  }),
  'drop-required-field': fault('response', 'drops a required field (`id`) from JSON answers', {
    jsonBody: withoutIds,
  }),
  'reject-legacy': fault('credentials', 'rejects the legacy `APIKEY:ORGANIZATION <key>` format', {
    keyFormats: (formats) => new Map([...formats].filter(([kind]) => kind !== 'legacyOrgKey')),
  }),
  'accept-revoked': fault('credentials', 'accepts revoked API keys', {
    keyRevoked: () => false,
  }),
  'skip-csrf': fault('pipeline', 'skips the CSRF check on cookie requests', {
    csrfChecked: () => false,
  }),
  'drop-page-item': fault(
    'response',
    'drops the last record of every non-empty page of a paginated answer, keeping `count`',
    { jsonBody: withoutLastPageRecord },
  ),
  'drop-request-time': fault('response', 'leaves the `cvr-request-time` header out of data-host successes', {
    responseHeaders: ({ 'cvr-request-time': _dropped, ...headers }) => headers,
  }),
  'grant-below-404': fault('policy', 'answers 404 instead of 403 to a caller whose only grant is below the target', {
    seenFromBelow: () => false,
  }),
  'members-manage-keys': fault('policy', 'lets members (write access from a role) list, create and revoke API keys', {
    forbidden: (decision, input, held) =>
      input.onApiKeys && input.cap === 'admin' && held === 'write' ? { allow: true, access: held } : decision,
  }),
} satisfies Record<string, Fault>;

export type FaultName = keyof typeof faults;
export const faultNames = keysOf(faults);
export const faultDescriptions = fromEntries(
  faultNames.map((name): [FaultName, string] => [name, faults[name].description]),
);

export function parseFaults(names: Iterable<string>): ReadonlySet<FaultName> {
  const parsed = new Set<FaultName>();
  for (const name of names) {
    if (!isOneOf(faultNames, name)) throw new Error(`unknown fault ${name}; faults: ${faultNames.join(', ')}`);
    parsed.add(name);
  }
  return parsed;
}

export const ruleKeepingHooks: FaultHooks = {
  credentials: ruleKeepingCredentialHooks,
  policy: ruleKeepingPolicyHooks,
  pipeline: ruleKeepingPipelineHooks,
  'request-body': ruleKeepingBodyHooks,
  response: ruleKeepingResponseHooks,
};

/**
 * The hooks with the enabled faults attached: each fault's hook receives what the rules (and the faults
 * before it in the list) give, and its answer is used instead.
 */
export function faultHooks(enabled: ReadonlySet<FaultName>): FaultHooks {
  const hooks = fromEntries(
    keysOf(ruleKeepingHooks).map((layer): [Layer, HooksByName] => [layer, hooksByName(ruleKeepingHooks[layer])]),
  );
  for (const name of faultNames) {
    if (!enabled.has(name)) continue;
    const { layer, hooks: replaced }: Fault = faults[name];
    const layerHooks = { ...hooks[layer] };
    for (const [hook, bent] of Object.entries(hooksByName(replaced))) {
      const kept = layerHooks[hook];
      if (kept === undefined) throw new Error(`fault ${name} replaces ${layer}.${hook}, which is not a hook`);
      layerHooks[hook] = (value, ...context) => bent(kept(value, ...context), ...context);
    }
    hooks[layer] = layerHooks;
  }
  return asFaultHooks(hooks);
}

/** What every hook is, whatever its layer: the value the rules give (then its context) in, the value to use out. */
type AnyHook = (value: unknown, ...context: unknown[]) => unknown;
type HooksByName = Record<string, AnyHook>;

/*
 * Each hook answers a value of the type it is given, and a fault's replacement has the type of the hook it
 * replaces, so hooks chained by name keep the types `FaultHooks` declares: these two views are where that is assumed.
 */
const hooksByName = (hooks: object) => hooks as HooksByName;
const asFaultHooks = (hooks: Record<Layer, HooksByName>) => hooks as unknown as FaultHooks;

function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (!isRecord(value)) return value;
  const { id: _dropped, ...rest } = value;
  return rest;
}

/** A paginated answer (`{count, pages, currentPage, results}`) with its last record gone and its count kept. */
function withoutLastPageRecord(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const results = arrayAt(value, 'results');
  const isPage =
    results !== undefined && ['count', 'pages', 'currentPage'].every((key) => typeof value[key] === 'number');
  return isPage && results.length > 0 ? { ...value, results: results.slice(0, -1) } : value;
}
