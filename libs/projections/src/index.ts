export * from './projection';
export * from './runner/catch-up';
export * from './runner/checkpointed-processor';
export * from './runner/projection-runner';
export * from './runner/rebuild';
export * from './runner/project-events';
export * from './verification/compare-read-models';
