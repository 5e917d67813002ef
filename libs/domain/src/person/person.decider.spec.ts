import { PersonErased } from '../events';
import { specFor } from '../testing/given-when-then';
import { personDecider } from './person.decider';

const given = specFor(personDecider);
const erase = (keyIds: string[]) => ({ type: 'ErasePerson' as const, personRef: 'pr_1', keyIds, reason: 'asked to be forgotten' });
const erased = (keyIds: string[]): PersonErased => ({ type: 'PersonErased', data: { personId: 'pr_1', keyIds, reason: 'asked to be forgotten' } });

describe('person decider (erasure)', () => {
  it('given nothing, when erased, then PersonErased with the keys destroyed, and no personal data', () =>
    given([]).when(erase(['pk_a', 'pk_b'])).then([erased(['pk_a', 'pk_b'])]));

  it('records an erasure of a person with no key yet too (an audit of the request)', () =>
    given([]).when(erase([])).then([erased([])]));

  it('given erased, when erased again with nothing new, then nothing (idempotent)', () =>
    given([erased(['pk_a'])]).when(erase([])).then([]));

  it('given erased, when a key made meanwhile is destroyed, then that key is recorded', () =>
    given([erased(['pk_a'])]).when(erase(['pk_a', 'pk_c'])).then([erased(['pk_c'])]));
});
