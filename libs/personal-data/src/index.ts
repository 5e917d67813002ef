// Crypto-shredding of personal data: the vault, the key-store port, master-key resolution.
// Each key-store adapter has its own entry (@ledger/personal-data/sqlite,
// @ledger/personal-data/mongodb), so importing this loads no store client.
export * from './person-key-store.port';
export * from './personal-data-vault';
export * from './key-wrapper';
export * from './master-key';
export * from './errors';
export { isSealed, keyIdIn } from './sealed-value';
