import type { OpenAPI3 } from 'openapi-typescript';
import { invalidExamples } from './examples.ts';
import {
  exampleCoverageRule,
  metadataRule,
  pathParameterRule,
  requestTimeHeaderRule,
  responseRule,
  securityRule,
  tagAndSummaryRule,
  type Rule,
} from './rules.ts';

const isDataHost = (doc: OpenAPI3) => Object.keys(doc.components?.securitySchemes ?? {}).includes('dataKey');

/** The rules a document must keep, by name; the data host adds its `cvr-request-time` rule. */
export function documentRules(doc: OpenAPI3): Record<string, Rule> {
  return {
    metadata: metadataRule,
    'tag and summary': tagAndSummaryRule,
    security: securityRule,
    'path parameters': pathParameterRule,
    responses: responseRule,
    'example coverage': exampleCoverageRule,
    'valid examples': invalidExamples,
    ...(isDataHost(doc) ? { 'cvr-request-time': requestTimeHeaderRule } : {}),
  };
}
