import type { CredentialKind } from '../spec/credential-kinds.ts';
import type { DocumentName } from '../spec/document-names.ts';
import type { RuleId } from './rules.ts';

/** One rule a request broke (or leaned on, for a warning). */
export interface Finding {
  rule: RuleId;
  /** What was wrong, for this request (the mock's own message for a refusal). */
  message: string;
  /** JSON pointer into the request: `/query/version`, `/path/projectId` (parameters), `/name` (the JSON body). */
  pointer?: string;
  /** What the answer's `field` said, when it said one (`query.version`, `/name`). */
  field?: string;
}

/** Who made the request, without any secret. */
export interface JournalPrincipal {
  kind: CredentialKind;
  /** How the mock knows it (`API key CI write (ac3e0000…)`, `user observer@acme.example`); null when it was refused. */
  name: string | null;
  /** The key's id (organization, domain and developer keys) or else the user's id; null when none. */
  id: number | null;
}

/** A capped excerpt of the request body, kept for answers other than 2xx only. */
export interface BodyExcerpt {
  contentType: string | null;
  /** The body's size in bytes as received, else as declared by `Content-Length`; null when neither is known. */
  bytes: number | null;
  /**
   * The first bytes of a JSON or text body, with every `password`, `secret` and `token` field masked; absent for
   * files and multipart bodies.
   */
  excerpt?: string;
  truncated?: boolean;
}

/** One request as the mock saw it. Plain data: JSON-serialisable as it is. */
export interface JournalEntry {
  /** Increases by one per request of this mock (also across `clear()`): a stable handle for examples. */
  seq: number;
  /** When the request came (ISO-8601, the wall clock, whatever the mock's pinned clock). */
  time: string;
  host: DocumentName;
  method: string;
  /** Path and query as sent (`/v0/projects/1001?x=1`). */
  path: string;
  /** The operation the route matched; null for a request no route matched. */
  operationId: string | null;
  /** The credential's kind and name; null when none was sent or it could not be read. */
  principal: JournalPrincipal | null;
  /**
   * The `Authorization` (or cookie) as sent, with every secret replaced by its shape (`Bearer orgkey-<32 hex>`):
   * kept for refused credentials (401) only, to show what the client sent.
   */
  credential?: string;
  status: number;
  /** The message of the answer for anything but 2xx (`Malformed credential. Accepted: …`); null for 2xx. */
  reason: string | null;
  /** The rule behind a refusal (a violation's, or an answer's such as `not-found`); null otherwise. */
  rule: RuleId | null;
  /** Time spent in the mock, in milliseconds (without injected latency). */
  durationMs: number;
  violations: readonly Finding[];
  warnings: readonly Finding[];
  /** The request body, for answers other than 2xx. */
  body?: BodyExcerpt;
}

/** What `entries()` and `GET /__mock/requests` may filter on; all given must hold. */
export interface JournalFilter {
  /** operationId. */
  operation?: string;
  /** An exact status (`404`) or a class (`4xx`). */
  status?: number | `${1 | 2 | 3 | 4 | 5}xx`;
  /** Only entries with at least one violation. */
  violations?: boolean;
  /** Only entries at or after this instant (ISO-8601, or epoch ms). */
  since?: string | number;
  host?: DocumentName;
}

/** The journal of one mock: bounded, newest last. */
export interface RequestJournal {
  /** How many entries it keeps (0: none are kept). */
  readonly capacity: number;
  /** The kept entries, oldest first, that pass the filter. */
  entries(filter?: JournalFilter): JournalEntry[];
  /** The kept entries with at least one violation. */
  violations(): JournalEntry[];
  /** Forgets every entry; answers how many there were. */
  clear(): number;
  /** From now on, remember which answer each entry is of, for `entryOf` (the server's log turns it on). */
  trackResponses(): void;
  /** The entry recorded for an answer of this mock, while the answer is alive, once `trackResponses()` was called. */
  entryOf(response: Response): JournalEntry | undefined;
  /** Calls the listener with every later entry (also when the ring keeps none); answers a function that stops it. */
  listen(listener: (entry: JournalEntry) => void): () => void;
}
