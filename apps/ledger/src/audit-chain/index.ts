// Every event hash-chained to the one before it in its stream: checking the chains, sealing old streams.
export * from './audit-chain.controller';
export * from './chain-verification';
export * from './seal-history';
