import type { OpenAPI3 } from 'openapi-typescript';
import { stringAt } from '../guards.ts';
import { bundledDocuments } from '../spec/load.ts';
import type { Answer, ReceivedAnswer, RequestSpec, SentRequest } from './model.ts';

/**
 * Reproductions of failed checks: the request as sent and the answer, with every credential masked, and a
 * `curl` command that sends the same request again with the credentials read from shell variables.
 *
 * The masking rule: a credential keeps what names its format (the scheme words, `Bearer `, `orgkey-`, the
 * cookie's name) and the first four characters of its secret (a quarter of it when the secret is shorter
 * than 16), then `…`: `orgkey-ac3e…`, `APIKEY:DEVELOPER de00…`, `c3d_session_v5=9f2c…`. A password has no
 * format and shows as `…`.
 */

/** A request as the runner sent it: everything a reproduction needs. */
export interface Sent {
  spec: RequestSpec;
  /** The full URL: the base URL of the spec's host and its path. */
  url: string;
  /** Every header sent, the Content-Type of the body included. */
  headers: Record<string, string>;
}

/** A secret the suite knows the meaning of, and the shell variable its curl commands read it from. */
interface KnownSecret {
  value: string;
  variable: string;
  /** What to set the variable to, in words (never the value). */
  means: string;
  /** How it is masked: a password as `…`, an Authorization value by its format, a token by its first characters. */
  kind: 'password' | 'authorization' | 'token';
}

const excerptLength = 600;
/** Bodies above this size are left out of the curl command (the report says so). */
const curlBodyLimit = 64 * 1024;

/** The first four characters of a secret (a quarter of it when shorter than 16), then `…`. */
export const maskSecret = (secret: string): string =>
  secret === '' ? '' : `${secret.slice(0, Math.min(4, Math.floor(secret.length / 4)))}…`;

/** An Authorization value: the scheme words and a `word-` prefix kept, the last token's secret masked. */
export function maskAuthorization(value: string): string {
  const trimmed = value.trimEnd();
  const tokenStart = Math.max(trimmed.lastIndexOf(' '), trimmed.lastIndexOf('\t')) + 1;
  const token = trimmed.slice(tokenStart);
  const prefix = /^[A-Za-z]+-/.exec(token)?.[0] ?? '';
  return `${trimmed.slice(0, tokenStart)}${prefix}${maskSecret(token.slice(prefix.length))}${value.slice(trimmed.length)}`;
}

/** A Cookie or Set-Cookie value: each `name=value` pair keeps its name; attributes (`HttpOnly`, `Path=/`) are kept. */
export function maskCookie(value: string, attributes: boolean): string {
  return value
    .split(/(;\s*)/)
    .map((part, index) => {
      if (/^;\s*$/.test(part) || (attributes && index > 0)) return part;
      const equals = part.indexOf('=');
      return equals < 0 ? maskSecret(part) : `${part.slice(0, equals + 1)}${maskSecret(part.slice(equals + 1))}`;
    })
    .join('');
}

const credentialHeaders: Record<string, (value: string) => string> = {
  authorization: maskAuthorization,
  cookie: (value) => maskCookie(value, false),
  'set-cookie': (value) => maskCookie(value, true),
  'c3d-csrf': maskSecret,
};

/** Headers with their credentials masked; names lower-cased. */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name.toLowerCase(),
      credentialHeaders[name.toLowerCase()]?.(value) ?? value,
    ]),
  );
}

/** The documented key formats (`x-c3d-format`), as patterns that find such keys anywhere in a text. */
function keyPatterns(docs: OpenAPI3[]): RegExp[] {
  const patterns: RegExp[] = [];
  for (const doc of docs) {
    for (const scheme of Object.values(doc.components?.securitySchemes ?? {})) {
      const format = stringAt(scheme, 'x-c3d-format') ?? '';
      const [, prefixText, secretPattern] = /^\^([^[]+)(\[.+\]\{\d+\})\$$/.exec(format) ?? [];
      if (prefixText === undefined || secretPattern === undefined) continue;
      const prefix = prefixText.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      patterns.push(new RegExp(`(${prefix})(${secretPattern})(?![0-9a-z])`, 'gi'));
    }
  }
  return patterns;
}

const documentedKeys = keyPatterns(Object.values(bundledDocuments));
/** JSON fields that hold secrets, wherever they appear: a login's password, its CSRF token, a new key's secret. */
const secretFields = /("(?:password|csrf|secret)"\s*:\s*")((?:[^"\\]|\\.)*)(")/gi;

/** The secrets a run knows (credentials of the principals file, tokens of its logins), to mask and to name in curl commands. */
export class SecretBook {
  private readonly secrets: KnownSecret[] = [];

  add(value: string, kind: KnownSecret['kind'], variable: string, means: string): void {
    if (value.length < 4 || this.secrets.some((secret) => secret.value === value)) return;
    this.secrets.push({ value, kind, variable, means });
    // Longest first, so a secret that contains another is replaced whole.
    this.secrets.sort((a, b) => b.value.length - a.value.length);
  }

  /** A text with every credential masked: the known secrets, the secret JSON fields, and anything shaped like a documented key. */
  mask(text: string): string {
    let masked = text;
    for (const secret of this.secrets)
      if (masked.includes(secret.value)) masked = masked.split(secret.value).join(this.masked(secret));
    masked = masked.replace(
      secretFields,
      (_, open: string, value: string, close: string) =>
        `${open}${/password/i.test(open) ? '…' : maskSecret(value)}${close}`,
    );
    for (const pattern of documentedKeys)
      masked = masked.replace(pattern, (_, prefix: string, secret: string) => `${prefix}${maskSecret(secret)}`);
    return masked;
  }

  private masked(secret: KnownSecret): string {
    return secret.kind === 'password'
      ? '…'
      : secret.kind === 'authorization'
        ? maskAuthorization(secret.value)
        : maskSecret(secret.value);
  }

  /** The text as shell words: known secrets become `"$VARIABLE"`, the rest single-quoted. */
  shellWord(text: string, variables: Record<string, string>): string {
    let segments: (string | KnownSecret)[] = [text];
    for (const secret of this.secrets) {
      segments = segments.flatMap((segment) =>
        typeof segment !== 'string' || !segment.includes(secret.value)
          ? [segment]
          : segment.split(secret.value).flatMap((piece, index) => (index === 0 ? [piece] : [secret, piece])),
      );
    }
    const words = segments
      .filter((segment) => segment !== '')
      .map((segment) => {
        if (typeof segment === 'string') return quote(segment);
        variables[segment.variable] = segment.means;
        return `"$${segment.variable}"`;
      });
    return words.length ? words.join('') : "''";
  }

  /** Whether the text holds a secret the book knows. */
  knows(text: string): boolean {
    return this.secrets.some((secret) => text.includes(secret.value));
  }
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

const variableOfHeader: Record<string, string> = {
  authorization: 'C3D_AUTHORIZATION',
  cookie: 'C3D_COOKIE',
  'c3d-csrf': 'C3D_CSRF',
};

/** A ready `curl` command for the request (credentials read from shell variables) and what to set each variable to. */
export function curlCommand(sent: Sent, book: SecretBook): { command: string; variables: Record<string, string> } {
  const variables: Record<string, string> = {};
  const words = ['curl', '-sS', '-i'];
  const { method, body } = sent.spec;
  if (method !== 'GET' || body) words.push('-X', method);
  words.push(quote(sent.url));
  for (const [rawName, value] of Object.entries(sent.headers)) {
    const name = rawName.toLowerCase();
    const variable = variableOfHeader[name];
    // curl drops a header given as `Name:` with no value; `Name;` sends it empty.
    if (value === '') words.push('-H', quote(`${rawName};`));
    else if (!variable || book.knows(value)) words.push('-H', book.shellWord(`${rawName}: ${value}`, variables));
    else {
      // A credential the book does not know (one a flow made, a forged or re-cased key): the whole value is the variable.
      variables[variable] = `the ${rawName} value sent, shown masked: ${maskHeaders({ [name]: value })[name]}`;
      words.push('-H', `${quote(`${rawName}: `)}"$${variable}"`);
    }
  }
  let input = '';
  if (body) {
    const size = body.kind === 'bytes' ? body.bytes.byteLength : body.text.length;
    if (size > curlBodyLimit) words.push(`# the ${size}-byte body is left out`);
    else if (body.kind === 'bytes') {
      input = `printf ${quote(printfFormat(body.bytes))} | `;
      words.push('--data-binary', '@-');
    } else words.push('--data-binary', book.shellWord(body.text, variables));
  }
  return { command: `${input}${words.join(' ')}`, variables };
}

/** Bytes as a printf format: printable ASCII as it is, everything else (and `\`, `'`, `%`) as octal escapes. */
function printfFormat(bytes: Uint8Array): string {
  let format = '';
  for (const byte of bytes)
    format +=
      byte >= 0x20 && byte < 0x7f && byte !== 0x5c && byte !== 0x27 && byte !== 0x25
        ? String.fromCharCode(byte)
        : `\\${byte.toString(8).padStart(3, '0')}`;
  return format;
}

const isTextual = (contentType: string | undefined) =>
  !contentType || /json|text|xml|yaml|html|csv|javascript|x-www-form-urlencoded/i.test(contentType);

/** The start of a body, or its size and type when it is not text. */
export function excerpt(text: string, byteLength: number, contentType: string | undefined, book: SecretBook): string {
  if (byteLength === 0) return '';
  if (!isTextual(contentType) || /\p{Cc}/u.test(text.replace(/[\r\n\t]/g, '').slice(0, excerptLength)))
    return `(${byteLength} bytes${contentType ? ` of ${contentType}` : ''})`;
  const masked = book.mask(text.length > excerptLength * 2 ? text.slice(0, excerptLength * 2) : text);
  return masked.length > excerptLength ? `${masked.slice(0, excerptLength)}…` : masked;
}

/** Everything a failed result carries so that it can be reproduced: the request, the answer and a curl command. */
export function reproduction(
  sent: Sent,
  answer: Answer,
  book: SecretBook,
): { request: SentRequest; answer: ReceivedAnswer; curl: string; curlVariables: Record<string, string> } {
  const body = sent.spec.body;
  const requestExcerpt = !body
    ? undefined
    : body.kind === 'bytes'
      ? excerpt(new TextDecoder().decode(body.bytes), body.bytes.byteLength, body.contentType, book)
      : excerpt(body.text, new TextEncoder().encode(body.text).byteLength, body.contentType, book);
  const contentType = answer.headers['content-type'];
  const { command, variables } = curlCommand(sent, book);
  return {
    request: {
      method: sent.spec.method,
      url: book.mask(sent.url),
      headers: maskHeaders(sent.headers),
      ...(requestExcerpt === undefined ? {} : { bodyExcerpt: requestExcerpt }),
    },
    answer: {
      status: answer.status,
      ...(contentType ? { contentType } : {}),
      headers: Object.fromEntries(
        Object.entries(maskHeaders(answer.headers)).map(([name, value]) => [name, book.mask(value)]),
      ),
      bodyExcerpt: excerpt(answer.text, answer.bytes.byteLength, contentType, book),
    },
    curl: command,
    curlVariables: variables,
  };
}
