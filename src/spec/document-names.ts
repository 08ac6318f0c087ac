/** The two OpenAPI documents: the dashboard API and the data-collector API. */
export const documentNames = ['api', 'data'] as const;
export type DocumentName = (typeof documentNames)[number];
