import { certificationBody, headPosition, incentiveBody, Json, leadBody, partnerBody, read, uid } from '../e2e/support/ledger-api';
import { Http, readStoreVariants, RunningLedger, startLedger } from '../e2e/support/ledger-harness';

/**
 * Each instance keeps the states of the streams it wrote (StreamStateCache). Two instances on
 * one data directory take turns on the same partner, leads and customer project, each time on
 * streams the other has just changed behind its cached state: every answer, and the partner's
 * final state, are what a single instance gives for the same requests.
 */
interface Step {
  /** Which instance answers: 0 or 1 (a single instance answers every step). */
  on: 0 | 1;
  path: string;
  body: Json;
}

function script(): { partnerId: string; steps: Step[] } {
  const partnerId = uid('partner');
  const [first, second] = [uid('cust'), uid('cust')];
  const [l1, l2, l3] = [uid('lead'), uid('lead'), uid('lead')];
  const won = { amount: '1000.00', currency: 'EUR' };
  const steps: Step[] = [
    { on: 0, path: '/partners', body: partnerBody({ partnerId }) },
    { on: 1, path: '/partners', body: partnerBody({ partnerId }) }, // already registered
    { on: 1, path: `/partners/${partnerId}/leads`, body: leadBody({ leadId: l1, customer: { id: first, name: 'Initech' } }) },
    { on: 0, path: `/partners/${partnerId}/leads`, body: leadBody({ leadId: l2, customer: { id: first, name: 'Initech' } }) }, // project taken
    { on: 0, path: `/leads/${l1}/won`, body: won },
    { on: 1, path: `/leads/${l1}/won`, body: won }, // already won, though this instance cached the lead as open
    ...Array.from({ length: 10 }, (_, n): Step => ({
      on: (n % 2) as 0 | 1,
      path: `/partners/${partnerId}/${n % 3 === 2 ? 'incentives' : 'certifications'}`,
      body: n % 3 === 2 ? incentiveBody() : certificationBody({ engineerId: `eng-${n % 4}`, productLine: ['utm', 'endpoint'][n % 2] }),
    })),
    { on: 1, path: `/partners/${partnerId}/leads`, body: leadBody({ leadId: l3, customer: { id: second, name: 'Globex' } }) },
    { on: 0, path: `/leads/${l3}/won`, body: won },
    { on: 1, path: `/leads/${l3}/won`, body: won },
    { on: 1, path: `/partners/${partnerId}/leads`, body: leadBody({ leadId: uid('lead'), customer: { id: second, name: 'Globex' } }) }, // project taken
  ];
  return { partnerId, steps };
}

/** Status and refusal code of every step, then the partner's profile once projected. */
async function run(instances: Http[], { partnerId, steps }: ReturnType<typeof script>) {
  const answers: string[] = [];
  for (const step of steps) {
    const response = await instances[step.on % instances.length]!.post(step.path).send(step.body);
    answers.push(`${step.path.replace(/[a-z]+-[0-9a-f]{10}/g, ':id')} ${response.status} ${(response.body as Json)['code'] ?? ''}`.trim());
  }
  const profile = await read(instances[0]!, `/partners/${partnerId}`, await headPosition(instances[0]!));
  return { answers, counters: profile['counters'] as Json, tier: profile['tier'] as string };
}

const embedded = readStoreVariants().filter((variant) => variant.name === 'embedded');

describe.each(embedded)('stream states cached by two instances on one data directory (%s)', (variant) => {
  const running: RunningLedger[] = [];
  afterAll(async () => {
    for (const ledger of running.reverse()) await ledger.close();
  });

  it('never let a stale state decide: answers and final state are those of a single instance', async () => {
    const alone = await startLedger(variant);
    running.push(alone);
    const a = await startLedger(variant);
    running.push(a);
    const b = await startLedger(variant, a.dataDir);
    running.push(b);

    const steps = script();
    const single = await run([alone.http], steps);
    const shared = await run([a.http, b.http], steps);
    expect(shared).toEqual(single);
    // The refusals the script is built on did happen (not two runs refusing everything alike).
    expect(single.answers.filter((answer) => / 409 /.test(answer))).toHaveLength(5);
    expect(single.answers.filter((answer) => / 201/.test(answer))).toHaveLength(15);
  });
});
