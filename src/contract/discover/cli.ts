import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { discoverPrincipals, type CredentialInput } from './discover.ts';
import { DiscoveryError } from './target.ts';
import { codeOf, messageOf } from '../../guards.ts';

export const principalsUsage = `Usage: c3d-mock principals --api URL --data URL --key NAME=VALUE… --login NAME=EMAIL:PASSWORD… [options]

Writes a principals file for \`c3d-mock verify\`: it asks the target, through the API, who each credential is,
what it may do and which resources each organization holds. Only what the API cannot tell is asked for.

Options:
  --api URL                    dashboard API base URL, ending in /v0
  --data URL                   data-collector API base URL, ending in /v0
  --key NAME=VALUE             an API key; VALUE is the whole Authorization value
                               (orgkey-…, APIKEY:ORGANIZATION …, APIKEY:DOMAIN …, APIKEY:DEVELOPER …, APIKEY:DATA …)
  --login NAME=EMAIL:PASSWORD  a user, logged in and out again (NAME= may be left out: the email names it)
  --revoked VALUE              a revoked or expired key, which the suite checks is refused
  --tenant NAME=TENANT         the tenant of a principal whose grants name no single organization
                               (a tenant name or an organization id; by default the first tenant)
  --out FILE                   where to write the file (default: standard output)
  --help                       this text
--key, --login, --revoked and --tenant repeat; the file lists the principals in the order given.

Exit status: 0 the file is written; 2 a command-line error, or a target that does not tell enough
(the message says what to add).
`;

const principalName = /^[A-Za-z0-9_.@+-]+$/;

class UsageError extends Error {}

function named(flag: string, text: string, shape: string): { name: string; value: string } {
  const at = text.indexOf('=');
  const name = text.slice(0, at);
  if (at < 1 || !principalName.test(name) || at === text.length - 1)
    throw new UsageError(
      `${flag} ${text.replace(/=.*/, '=…')}: expected ${shape} (a name of letters, digits and _.@+-)`,
    );
  return { name, value: text.slice(at + 1) };
}

function login(text: string): CredentialInput {
  // NAME=EMAIL:PASSWORD, or EMAIL:PASSWORD named after the email.
  const before = text.slice(0, Math.max(0, text.indexOf('=')));
  const { name, value } =
    before && principalName.test(before) && text.slice(before.length + 1).includes(':')
      ? named('--login', text, 'NAME=EMAIL:PASSWORD')
      : { name: '', value: text };
  const colon = value.indexOf(':');
  const email = value.slice(0, colon);
  const password = value.slice(colon + 1);
  // The message names the login without its password.
  if (colon < 1 || !email.includes('@') || !password)
    throw new UsageError(
      `--login ${name || (colon < 0 ? value : email)}: expected NAME=EMAIL:PASSWORD or EMAIL:PASSWORD`,
    );
  if (!name && !principalName.test(email))
    throw new UsageError(`--login ${email}: this email cannot name a principal; give NAME=EMAIL:PASSWORD`);
  return { name: name || email, email, password };
}

function baseUrl(flag: string, value: string | undefined): string {
  if (!value) throw new UsageError(`${flag} URL is required`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} ${value}: not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${flag} ${value}: not an http(s) URL`);
  const base = value.replace(/\/+$/, '');
  if (!base.endsWith('/v0'))
    throw new UsageError(`${flag} ${value}: the base URL ends in /v0 (the documents' paths are below it)`);
  return base;
}

/** `c3d-mock principals`: answers the exit status; every error is a few lines on stderr. */
export async function principalsCommand(argv: string[]): Promise<number> {
  try {
    const { values, tokens } = parseArgs({
      args: argv,
      options: {
        api: { type: 'string' },
        data: { type: 'string' },
        key: { type: 'string', multiple: true },
        login: { type: 'string', multiple: true },
        revoked: { type: 'string', multiple: true },
        tenant: { type: 'string', multiple: true },
        out: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      tokens: true,
    });
    if (values.help) {
      console.log(principalsUsage);
      return 0;
    }
    const api = baseUrl('--api', values.api);
    const data = baseUrl('--data', values.data);
    const credentials: CredentialInput[] = [];
    for (const token of tokens) {
      if (token.kind !== 'option' || token.value === undefined) continue;
      if (token.name === 'key') {
        const { name, value } = named('--key', token.value, 'NAME=VALUE');
        credentials.push({ name, authorization: value });
      }
      if (token.name === 'login') credentials.push(login(token.value));
    }
    if (credentials.length === 0)
      throw new UsageError(
        'give the credentials to describe: --key NAME=VALUE and --login NAME=EMAIL:PASSWORD, each repeatable',
      );
    const tenantOf = Object.fromEntries(
      (values.tenant ?? []).map((text) => Object.values(named('--tenant', text, 'NAME=TENANT'))),
    );

    const { file, notes } = await discoverPrincipals({ api, data, credentials, revoked: values.revoked, tenantOf });
    for (const note of notes) console.error(`note: ${note}`);
    const tenants = Object.entries(file.tenants).map(
      ([name, t]) => `${name} (organization ${t.organizationId}, project ${t.projectId})`,
    );
    const summary = `${file.principals.length} principals, ${file.revoked?.length ?? 0} revoked keys; tenants ${tenants.join(', ')}`;
    if (!values.out) {
      process.stdout.write(`${JSON.stringify(file, null, 2)}\n`);
      console.error(summary);
      return 0;
    }
    const schema = relative(dirname(values.out), fileURLToPath(new URL('../principals.schema.json', import.meta.url)))
      .split('\\')
      .join('/');
    try {
      await mkdir(dirname(values.out), { recursive: true });
      await writeFile(values.out, `${JSON.stringify({ $schema: schema, ...file }, null, 2)}\n`);
    } catch (error) {
      throw new UsageError(`--out ${values.out}: cannot be written (${codeOf(error) ?? messageOf(error)})`);
    }
    console.error(`wrote ${values.out}: ${summary}`);
    return 0;
  } catch (error) {
    const known =
      error instanceof UsageError || error instanceof DiscoveryError || codeOf(error)?.startsWith('ERR_PARSE_ARGS');
    if (!known) throw error;
    console.error(
      `c3d-mock principals: ${messageOf(error)}${error instanceof UsageError || !(error instanceof DiscoveryError) ? '\n(c3d-mock principals --help shows the options)' : ''}`,
    );
    return 2;
  }
}
