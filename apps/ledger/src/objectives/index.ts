// The objectives capability: targets per typology and per partner for a month, quarter or year
// (PUT /objectives/…), the `objectives` read model (GET /objectives), and attainment.
export * from './objective-body';
export * from './set-typology-objective.command';
export * from './set-partner-objective.command';
export * from './objective-register';
export * from './objective-register.queries';
export * from './objective-register.view';
export * from './attainment';
export * from './objectives.controller';
