import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describeWithServer } from './server-suite';

/**
 * The MongoDB-protocol servers CI runs the MongoDB suites against, each found through its
 * own variable. No one of them is MongoDB, and each hides or invents problems of its own,
 * so a suite that passes on all of them is more likely to pass on MongoDB itself:
 * - FerretDB v1 on SQLite (test/infra/ferretdb), behind MONGODB_URL, the variable the
 *   ledger itself reads (point it at a real MongoDB and the suites run there instead);
 * - mongo-java-server with its in-memory backend (test/infra/mongo-java-server).
 */
export interface MongoProtocolServer {
  name: string;
  envVar: string;
  /** What it is known to answer differently from MongoDB (the README's test bed table), with why. */
  differs?: Partial<Record<MongoBehaviour, string>>;
}

export type MongoBehaviour = 'group-with-two-accumulators';

export const MONGODB_PROTOCOL_SERVERS: readonly MongoProtocolServer[] = [
  { name: 'FerretDB', envVar: 'MONGODB_URL', differs: { 'group-with-two-accumulators': 'FerretDB 1 answers 0 for every $sum of a $group but the first' } },
  { name: 'mongo-java-server', envVar: 'MONGO_JAVA_SERVER_URL' },
];

/**
 * Writes a suite once and runs it once per server whose variable is set, titled
 * `<title> on <server>`; a server whose variable is unset is skipped with the reason printed.
 */
export function describeOnMongoServers(title: string, body: (url: string, server: MongoProtocolServer) => void): void {
  for (const server of MONGODB_PROTOCOL_SERVERS) {
    describeWithServer(server.envVar, `${title} on ${server.name}`, (url) => body(url, server));
  }
}

/** A database of its own for the suite, named `<prefix>_<random>`, dropped after it. */
export function scratchDatabase(url: string, prefix: string): string {
  const database = `${prefix}_${randomBytes(6).toString('hex')}`;
  afterAll(async () => {
    const client = new MongoClient(url);
    try {
      await client.db(database).dropDatabase();
    } finally {
      await client.close();
    }
  });
  return database;
}
