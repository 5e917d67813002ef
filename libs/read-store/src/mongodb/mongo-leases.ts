import { Collection, MongoServerError } from 'mongodb';
import { LeaseGrant } from '../read-store.port';

/** One holding of a lease: its name, its epoch, who holds it and until when. */
export interface ClaimShape {
  _id: string;
  name: string;
  epoch: number;
  holder: string;
  expiresAt: Date;
}

/** The lease documents of earlier releases, one per lease (`_id` the name): the floor of its epochs. */
interface LegacyLeaseShape {
  _id: string;
  holder: string;
  expiresAt: Date;
  epoch?: number | bigint;
}

const claimId = (name: string, epoch: number) => `${name}@${epoch}`;
const grantOf = (claim: ClaimShape): LeaseGrant => ({ name: claim.name, holder: claim.holder, epoch: claim.epoch, expiresAt: claim.expiresAt });

/**
 * One document per holding of a lease (a claim), `_id` `name@epoch`, written only by its holder:
 * - a take inserts the claim of the next epoch, and only one insert of an `_id` can succeed;
 * - a renewal or a release rewrites the holder's own claim, which no one else writes;
 * - the lease as it stands is the claim of the highest epoch.
 * Nothing is read, changed and written back on a document another instance writes too. Some
 * MongoDB-protocol servers (FerretDB) run a findAndModify as a read followed by a write of the
 * whole document: on one shared lease document, a late renewal wrote over a take-over and took
 * the epoch back below the checkpoint's, after which every commit of the holder was refused.
 */
export class MongoLeases {
  constructor(private readonly claims: Collection<ClaimShape>) {}

  async tryLease(name: string, holder: string, ttlMs: number, now: Date): Promise<LeaseGrant | null> {
    const expiresAt = new Date(now.getTime() + ttlMs);
    const current = await this.current(name);
    if (current && current.expiresAt.getTime() > now.getTime()) {
      if (current.holder !== holder) return null;
      // A renewal of this holder's own running claim keeps its epoch.
      const renewed = await this.claims.updateOne({ _id: claimId(name, current.epoch), holder }, { $set: { expiresAt } });
      return renewed.matchedCount === 1 ? { name, holder, epoch: current.epoch, expiresAt } : null;
    }
    // Free or run out: the next epoch goes to whoever inserts its claim first.
    const claim: ClaimShape = { _id: claimId(name, (current?.epoch ?? 0) + 1), name, epoch: (current?.epoch ?? 0) + 1, holder, expiresAt };
    try {
      await this.claims.insertOne(claim);
    } catch (error) {
      if (error instanceof MongoServerError && error.code === 11000) return null;
      throw error;
    }
    // Older claims only tell history now; their holders' late renewals then change nothing.
    await this.claims.deleteMany({ name, epoch: { $lt: claim.epoch } });
    return grantOf(claim);
  }

  async release(name: string, holder: string): Promise<void> {
    // Run out rather than deleted: the epoch must never start again from 1.
    await this.claims.updateMany({ name, holder }, { $set: { expiresAt: new Date(0) } });
  }

  /** The claim of the highest epoch, else the lease an earlier release left, else null. */
  async current(name: string): Promise<LeaseGrant | null> {
    const [claim] = await this.claims.find({ name }).sort({ epoch: -1 }).limit(1).toArray();
    if (claim) return grantOf(claim);
    const legacy = await (this.claims as unknown as Collection<LegacyLeaseShape>).findOne({ _id: name });
    return legacy ? { name, holder: legacy.holder, epoch: Number(legacy.epoch ?? 0), expiresAt: legacy.expiresAt } : null;
  }
}
