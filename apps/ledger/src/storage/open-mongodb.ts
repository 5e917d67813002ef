import { ReadStore } from '@ledger/read-store';
import { MongoReadStore } from '@ledger/read-store/mongodb';
import { PersonKeyStore } from '@ledger/personal-data';
import { MongoPersonKeyStore } from '@ledger/personal-data/mongodb';

/** The read store on MongoDB. Loaded by StorageModule only when MONGODB_URL is set: this file is what brings in mongodb. */
export function openMongoReadStore(url: string, database: string | undefined): Promise<ReadStore> {
  return MongoReadStore.connect({ url, database });
}

/** The key store beside the read models (`person_keys`): every ledger instance shares it. */
export function openMongoPersonKeyStore(url: string, database: string | undefined): Promise<PersonKeyStore> {
  return MongoPersonKeyStore.connect({ url, database });
}
