export * from './replay';
export * from './replay-jobs';
export * from './replay.controller';
