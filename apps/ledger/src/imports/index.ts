// Backfills: facts in the Kafka message format, one a line, from a file (`ledger import`) or over HTTP (`POST /imports`).
export * from './ndjson-chunks';
export * from './fact-import';
export * from './import-line';
export * from './import-file';
export * from './imports.controller';
export * from './imports.view';
