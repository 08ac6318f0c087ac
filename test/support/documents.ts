import { documentNames, type DocumentName } from '../../src/spec/documents.ts';
import { bundledDocuments } from '../../src/spec/load.ts';
import { listOperations, type OperationEntry } from '../../src/spec/operations.ts';

/** What the documents hold, read from them, so that tests follow the documents as operations come and go. */

/** The operations of one document, in the document's order. */
export const documentedOperations = (name: DocumentName): OperationEntry[] => listOperations(bundledDocuments[name]);

/** How many operations both documents hold between them. */
export const operationCount = documentNames.reduce((sum, name) => sum + documentedOperations(name).length, 0);

/** The tags a document's operations use. */
export const tagsUsed = (name: DocumentName): Set<string> =>
  new Set(documentedOperations(name).flatMap(({ operation }) => operation.tags ?? []));
