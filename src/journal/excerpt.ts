import type { BodyExcerpt } from './types.ts';

/** Bodies are kept to their first 512 characters. */
export const excerptLength = 512;
/** Bodies up to this size are parsed to mask their secret fields; longer ones are masked by pattern. */
const parsedUpTo = 64 * 1024;
const masked = '***';
/** Fields whose values are never kept: passwords (a login's, a password change's), secrets, tokens. */
const secretField = /password|secret|token|csrf|authorization|cookie|apikey/i;
/** The words of the key formats and of what clients put before keys; every other run of letters and digits is masked. */
const formatWords = /^(?:bearer|basic|token|apikey|organization|domain|developer|data|orgkey|c3d_session_v5)$/i;

/**
 * A credential as sent, with every run of letters and digits that is not a word of a key format replaced by its
 * shape: `Bearer orgkey-<32 hex>`, `APIKEY:DATA <32 hex>`, `apikey:data <31 hex>`. Never the secret itself.
 */
export function credentialShape(value: string): string {
  const shape = value.replace(/[A-Za-z0-9_]+/g, (run) =>
    formatWords.test(run) ? run : /^[0-9a-f]+$/.test(run) ? `<${run.length} hex>` : `<${run.length} chars>`,
  );
  return shape.length > 200 ? `${shape.slice(0, 200)}…` : shape;
}

/** A copy of a parsed JSON value with the values of secret fields masked. */
function maskValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskValue);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) copy[key] = secretField.test(key) ? masked : maskValue(field);
  return copy;
}

/** The same by pattern, for text that is not JSON (or too long to parse): `"password": "…"` and `password=…`. */
function maskText(text: string): string {
  return text
    .replace(/("[^"]*"\s*:\s*)("(?:[^"\\]|\\.)*"?)/g, (all, key: string) =>
      secretField.test(key) ? `${key}"${masked}"` : all,
    )
    .replace(/(^|[&?\s])([\w.-]+)=([^&\s]*)/g, (all, start: string, key: string) =>
      secretField.test(key) ? `${start}${key}=${masked}` : all,
    );
}

/**
 * The excerpt of a request body: the first 512 characters of a JSON or text body with its secret fields masked;
 * only the type and size of anything else. Built for answers other than 2xx only, so a served request never pays
 * for it.
 */
export function bodyExcerpt(contentType: string | null, bytes: number | null, text?: string): BodyExcerpt {
  const body: BodyExcerpt = { contentType, bytes };
  if (text === undefined || text === '') return body;
  let shown: string;
  if (text.length <= parsedUpTo) {
    try {
      shown = JSON.stringify(maskValue(JSON.parse(text)));
    } catch {
      shown = maskText(text);
    }
  } else shown = maskText(text.slice(0, excerptLength * 4));
  body.excerpt = shown.length > excerptLength ? shown.slice(0, excerptLength) : shown;
  if (shown.length > excerptLength || text.length > parsedUpTo) body.truncated = true;
  return body;
}
