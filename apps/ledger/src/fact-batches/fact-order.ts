import { opportunityKey } from '@ledger/domain';
import { ActivityMessage } from '../contracts/kafka-messages';

/**
 * What a fact may read or write beyond its own stream: its partner, its lead, the customer
 * project a lead registration claims, its claim, challenge or typology's objectives, the key it was published
 * under, and its own id (a duplicate inside one batch waits for the original). Two facts
 * that share any of these are decided one after the other, in the order given; facts that
 * share none are decided side by side and their appends committed together.
 */
export function factResources(message: ActivityMessage, key: string | undefined): string[] {
  const payload = message.payload as Record<string, unknown>;
  const named = (field: string) => (typeof payload[field] === 'string' ? [`${field}:${payload[field] as string}`] : []);
  const resources = [`id:${message.id}`, ...named('partnerId'), ...named('leadId'), ...named('claimId'), ...named('challengeId')];
  // A typology's objectives (a partner's typology is only a property of its registration).
  if (message.type === 'ObjectiveSet') resources.push(...named('typology'));
  if (key !== undefined && key !== '') resources.push(`partnerId:${key}`);
  if (message.type === 'LeadRegistered') resources.push(`opportunity:${opportunityKey(message.payload.customer.id, message.payload.project)}`);
  return resources;
}

/**
 * Runs tasks in the order given per resource: a task starts once every earlier task that
 * names one of its resources has settled, and at most `limit` tasks run at once. A task
 * learns whether all of its predecessors went well (`ok`), so that it can stand aside when
 * one did not: a fact left for later is never overtaken by one that depends on it.
 */
export function runInResourceOrder<T>(
  tasks: readonly { resources: readonly string[]; run: (predecessorsOk: boolean) => Promise<T> }[],
  ok: (result: T) => boolean,
  limit: number,
): Promise<T[]> {
  const last = new Map<string, Promise<boolean>>();
  let running = 0;
  const slots: (() => void)[] = [];
  const takeSlot = () => (running < limit ? (running++, Promise.resolve()) : new Promise<void>((resolve) => slots.push(resolve)));
  const freeSlot = () => {
    const next = slots.shift();
    if (next) next(); // the slot passes straight to the next task
    else running--;
  };

  return Promise.all(
    tasks.map(({ resources, run }) => {
      const unique = [...new Set(resources)];
      const before = unique.map((r) => last.get(r)).filter((p): p is Promise<boolean> => p !== undefined);
      const result = (async () => {
        const predecessorsOk = (await Promise.all(before)).every(Boolean);
        await takeSlot();
        try {
          return await run(predecessorsOk);
        } finally {
          freeSlot();
        }
      })();
      const settledOk = result.then(ok, () => false);
      for (const r of unique) last.set(r, settledOk);
      return result;
    }),
  );
}
