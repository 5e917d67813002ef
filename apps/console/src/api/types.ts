import type { components } from './generated/ledger-api';

/** The API's documented schemas, by name (generated from the ledger's OpenAPI document). */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];
