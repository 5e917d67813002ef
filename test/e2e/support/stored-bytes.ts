import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BSON, MongoClient } from 'mongodb';

/**
 * Where strings sit in what the ledger stored: every file under a folder (recursively,
 * SQLite's -wal and -shm included), read as bytes, and every document of every collection
 * of a MongoDB database, as canonical extended JSON. For suites proving that personal data
 * is never stored in clear.
 */
export type Found = Record<string, string[]>;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return filesUnder(path);
      return entry.isFile() ? [path] : [];
    }),
  );
  return nested.flat();
}

/** For each needle, the files under `dir` whose bytes hold its UTF-8 bytes. */
export async function findInFiles(dir: string, needles: readonly string[]): Promise<Found> {
  const found: Found = Object.fromEntries(needles.map((needle) => [needle, []]));
  for (const file of await filesUnder(dir)) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // removed meanwhile (a -wal at checkpoint)
      throw error;
    }
    for (const needle of needles) if (bytes.includes(Buffer.from(needle, 'utf8'))) found[needle]!.push(file);
  }
  return found;
}

/** The files under `dir`, for a message that shows what was searched. */
export const listFiles = filesUnder;

/** For each needle, the `collection/_id` of every document of `database` whose extended JSON holds it. */
export async function findInMongo(url: string, database: string, needles: readonly string[]): Promise<Found> {
  const found: Found = Object.fromEntries(needles.map((needle) => [needle, []]));
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  try {
    const db = client.db(database);
    for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
      // Raw values (no promotion to JS numbers or Buffers): what the server holds, as extended JSON.
      const docs = await db.collection(name).find({}, { promoteValues: false, promoteBuffers: false, promoteLongs: false }).toArray();
      for (const doc of docs) {
        const text = BSON.EJSON.stringify(doc, { relaxed: false });
        for (const needle of needles) if (text.includes(needle)) found[needle]!.push(`${name}/${String(doc._id)}`);
      }
    }
  } finally {
    await client.close();
  }
  return found;
}

/** Collections of `database` and their document counts, to show that the search saw data. */
export async function mongoCollections(url: string, database: string): Promise<Record<string, number>> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  try {
    const db = client.db(database);
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await db.collection(name).countDocuments()] as const)));
  } finally {
    await client.close();
  }
}
