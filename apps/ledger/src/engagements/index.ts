// The engagements capability: seminars, trainings, conventions, partner meetings and pre-sales kits.
export * from './record-engagement.command';
export * from './engagements.controller';
