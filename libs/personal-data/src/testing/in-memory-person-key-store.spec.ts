import { describePersonKeyStoreContract } from './person-key-store.contract';
import { InMemoryKeySpace } from './in-memory-person-key-store';

// The unit specs' fake keeps the contract too, so what they show holds for the real stores.
const space = new InMemoryKeySpace();
describePersonKeyStoreContract('in-memory fake', async () => space.open());
