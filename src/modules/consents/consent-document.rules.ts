import { createHash } from 'node:crypto';

export const CONSENT_KINDS = ['personal_data', 'marketing', 'health_data'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

export const CONSENT_CHANNELS = ['web_form', 'phone', 'in_person', 'messenger'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** The contents 152-FZ art. 9 p. 4 requires in a written consent, by API field name. */
export interface ConsentDocumentContents {
  body: string;
  operatorName: string | null;
  operatorAddress: string | null;
  purposes: string[];
  dataCategories: string[];
  actions: string[];
  retention: string | null;
  withdrawalMethod: string | null;
}

const REQUIRED_TEXT = ['body', 'operatorName', 'operatorAddress', 'retention', 'withdrawalMethod'] as const;
const REQUIRED_LISTS = ['purposes', 'dataCategories', 'actions'] as const;

/** Fields a document still lacks before it may be published (empty when complete). */
export function missingForPublication(doc: ConsentDocumentContents): string[] {
  const missing: string[] = [];
  for (const field of REQUIRED_TEXT) if (!doc[field]?.trim()) missing.push(field);
  for (const field of REQUIRED_LISTS) if (!doc[field].some((item) => item.trim())) missing.push(field);
  return missing;
}

/** SHA-256 (hex) of the document's exact body, as UTF-8: what a consent record proves the person saw. */
export function bodySha256(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}
