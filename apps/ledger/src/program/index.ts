// The program capability: the program's rules as versions (PUT /program, GET /program, GET /program/versions).
export * from './publish-program-rules.command';
export * from './program-rules.view';
export * from './program.controller';
