// The people capability: their personal data sealed under their own keys, and their erasure.
export * from './personal-data.service';
export * from './erase-person.command';
export * from './people.controller';
