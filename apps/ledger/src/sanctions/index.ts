// The sanctions capability: loyalty cards (yellow, red) and lifting a red card's suspension.
export * from './issue-sanction.command';
export * from './lift-suspension.command';
export * from './sanctions.controller';
