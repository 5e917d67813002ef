import { ReadStore } from '@ledger/read-store';
import { MongoReadStore } from '@ledger/read-store/mongodb';

/** The read store on MongoDB. Loaded by StorageModule only when MONGODB_URL is set: this file is what brings in mongodb. */
export function openMongoReadStore(url: string, database: string | undefined): Promise<ReadStore> {
  return MongoReadStore.connect({ url, database });
}
