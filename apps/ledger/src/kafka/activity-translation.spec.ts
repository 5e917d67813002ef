import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { refuse } from '@ledger/domain';
import { EventStoreUnavailableError } from '@ledger/event-store';
import { loadConfig } from '../config/ledger-config';
import { MAX_MESSAGE_BYTES } from '../contracts/kafka-messages';
import { ActivityIngest } from './activity-ingest';
import { FactBatches } from '../fact-batches';
import { StreamWriter } from '../write/stream-writer';
import { OverloadedError } from '../write/stream-queues';
import { correlationIdProblem, parseActivityMessage, toCommand } from './activity-translation';
import { InboundMessage, LedgerBroker, OutboundMessage } from './broker.port';
import { KafkaConfig, UNEXPECTED_FAILURE_ATTEMPTS } from './kafka-config';
import { EarnCertificationCommand } from '../certifications';
import { CreateChallengeCommand } from '../challenges';
import { AwardIncentiveCommand } from '../incentives';
import { ExtendLeadCommand, LoseLeadCommand, RegisterLeadCommand, ReverseDealCommand, WinDealCommand } from '../leads';
import { RegisterPartnerCommand } from '../partners';
import { IssueSanctionCommand } from '../sanctions';
import { RecordEngagementCommand } from '../engagements';
import { SetPartnerObjectiveCommand, SetTypologyObjectiveCommand } from '../objectives';
import {
  certificationEarned, challengeCreated, dealWon, engagementRecorded, incentiveAwarded, Json, leadExtended, leadLost, leadRegistered, objectiveSet, partnerRegistered,
  sanctionIssued, coopClaimSubmitted,
} from '../../../../test/kafka/support/messages';
import { dealReversed } from '../../../../test/kafka/support/messages';
import { SubmitCoopClaimCommand } from '../coop';

const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const receipt = { receivedAt: '2026-05-01T00:00:00.000Z' };

function parsed(message: Json) {
  const result = parseActivityMessage(bytes(message));
  if (!result.ok) throw new Error(`expected a valid message: ${result.failure.message}`);
  return result.message;
}

describe('Kafka message → command translation', () => {
  it('PartnerRegistered → RegisterPartnerCommand, with business time and context from the envelope', () => {
    const message = partnerRegistered('p-1', { actor: 'jane.doe', occurredAt: '2026-02-01T10:00:00+01:00' });
    const command = toCommand(parsed(message), receipt);
    expect(command).toBeInstanceOf(RegisterPartnerCommand);
    expect((command as RegisterPartnerCommand).body).toEqual({ ...message['payload'], occurredAt: '2026-02-01T10:00:00+01:00' });
    expect(command.context).toEqual({
      actor: 'jane.doe',
      source: 'kafka:crm',
      correlationId: message['id'],
      causationId: message['id'],
      idempotencyKey: message['id'],
      receivedAt: receipt.receivedAt,
    });
  });

  it('LeadRegistered, DealWon, CertificationEarned, IncentiveAwarded and SanctionIssued name their target outside the body', () => {
    const lead = toCommand(parsed(leadRegistered('p-1', 'lead-1')), receipt) as RegisterLeadCommand;
    expect(lead).toBeInstanceOf(RegisterLeadCommand);
    expect(lead.partnerId).toBe('p-1');
    expect(lead.body).toMatchObject({ leadId: 'lead-1', project: 'Firewall refresh', occurredAt: '2026-03-14T09:30:00Z' });
    expect(lead.body).not.toHaveProperty('partnerId');

    const deal = toCommand(parsed(dealWon('lead-1')), receipt) as WinDealCommand;
    expect(deal).toBeInstanceOf(WinDealCommand);
    expect(deal.leadId).toBe('lead-1');
    expect(deal.body).toMatchObject({ amount: '18500.00', currency: 'EUR', occurredAt: '2026-03-14T09:30:00Z' });
    expect(deal.body).not.toHaveProperty('leadId');

    const certification = toCommand(parsed(certificationEarned('p-1')), receipt) as EarnCertificationCommand;
    expect(certification).toBeInstanceOf(EarnCertificationCommand);
    expect(certification.partnerId).toBe('p-1');
    expect(certification.body).toMatchObject({ productLine: 'utm', occurredAt: '2026-03-14T09:30:00Z' });
    expect(certification.context).toMatchObject({ actor: 'training', source: 'kafka:training' });

    const incentive = toCommand(parsed(incentiveAwarded('p-1')), receipt) as AwardIncentiveCommand;
    expect(incentive).toBeInstanceOf(AwardIncentiveCommand);
    expect(incentive.partnerId).toBe('p-1');
    expect(incentive.body).toMatchObject({ kind: 'voucher', value: { amount: '150.00', currency: 'EUR' } });

    const sanction = toCommand(parsed(sanctionIssued('p-1')), receipt) as IssueSanctionCommand;
    expect(sanction).toBeInstanceOf(IssueSanctionCommand);
    expect(sanction.partnerId).toBe('p-1');
    expect(sanction.body).toEqual({ reason: 'took lead-7 to a competitor', leadId: 'lead-7', occurredAt: '2026-03-14T09:30:00Z' });
    expect(sanction.context).toMatchObject({ actor: 'crm', source: 'kafka:crm' });
  });

  it('EngagementRecorded → RecordEngagementCommand for the partner the payload names; the rating\'s shape is the HTTP body\'s', () => {
    const engagement = toCommand(parsed(engagementRecorded('p-1', {}, { engagementId: 'eng-1' })), receipt) as RecordEngagementCommand;
    expect(engagement).toBeInstanceOf(RecordEngagementCommand);
    expect(engagement.partnerId).toBe('p-1');
    expect(engagement.body).toEqual({ engagementId: 'eng-1', kind: 'seminar', name: 'Spring partner seminar', attendees: 4, satisfaction: 4.5, occurredAt: '2026-03-14T09:30:00Z' });
    expect(engagement.context).toMatchObject({ actor: 'marketing', source: 'kafka:marketing' });

    for (const satisfaction of [0.5, 5.5, 4.25]) {
      const refused = parseActivityMessage(bytes(engagementRecorded('p-1', {}, { satisfaction })));
      expect(refused).toMatchObject({ ok: false, failure: { statusCode: 400, code: 'VALIDATION_FAILED' } });
    }
    expect(parseActivityMessage(bytes(engagementRecorded('p-1', {}, { attendees: -1 })))).toMatchObject({ ok: false });
  });

  it('ObjectiveSet → the typology\'s or the partner\'s setting, whose and which period outside the body', () => {
    const typology = toCommand(parsed(objectiveSet({ typology: 'var' }, '2026-Q2', { revenueWon: '50000.00', dealsWon: 4 })), receipt) as SetTypologyObjectiveCommand;
    expect(typology).toBeInstanceOf(SetTypologyObjectiveCommand);
    expect([typology.typology, typology.period]).toEqual(['var', '2026-Q2']);
    expect(typology.body).toEqual({ revenueWon: '50000.00', dealsWon: 4, occurredAt: '2026-03-14T09:30:00Z' });
    expect(typology.context).toMatchObject({ actor: 'planning', source: 'kafka:planning' });

    const partner = toCommand(parsed(objectiveSet({ partnerId: 'p-1' }, '2026', { certifiedEngineers: 3 })), receipt) as SetPartnerObjectiveCommand;
    expect(partner).toBeInstanceOf(SetPartnerObjectiveCommand);
    expect([partner.partnerId, partner.period]).toEqual(['p-1', '2026']);
    expect(partner.body).toEqual({ certifiedEngineers: 3, occurredAt: '2026-03-14T09:30:00Z' });
  });

  it.each([
    ['both a typology and a partner', { typology: 'var', partnerId: 'p-1', period: '2026', dealsWon: 1 }],
    ['neither', { period: '2026', dealsWon: 1 }],
    ['a period that is none', { typology: 'var', period: '2026-14', dealsWon: 1 }],
    ['an unknown typology', { typology: 'reseller', period: '2026', dealsWon: 1 }],
    ['a target not a decimal string', { partnerId: 'p-1', period: '2026', revenueWon: 10 }],
  ])('refuses an ObjectiveSet naming %s (400 VALIDATION_FAILED)', (_case, payload) => {
    const result = parseActivityMessage(bytes({ ...objectiveSet({ partnerId: 'p-1' }, '2026', {}), payload }));
    expect(result).toMatchObject({ ok: false, failure: { statusCode: 400, code: 'VALIDATION_FAILED' } });
  });

  it('ChallengeCreated → CreateChallengeCommand: the payload is the POST /challenges body, its id required, business time from the envelope', () => {
    const message = challengeCreated('ch-q2', {}, { typologies: ['integrator'] });
    const command = toCommand(parsed(message), receipt) as CreateChallengeCommand;
    expect(command).toBeInstanceOf(CreateChallengeCommand);
    expect(command.body).toEqual({ ...message['payload'], occurredAt: '2026-03-14T09:30:00Z' });
    expect(command.context).toMatchObject({ source: 'kafka:incentives', idempotencyKey: message['id'] });

    const { challengeId: _, ...withoutId } = message['payload'];
    const refused = parseActivityMessage(bytes({ ...message, payload: withoutId }));
    expect(refused).toMatchObject({ ok: false, failure: { statusCode: 400, code: 'VALIDATION_FAILED', message: expect.stringContaining('challengeId') } });
  });

  it('CoopClaimSubmitted → SubmitCoopClaimCommand for the partner the payload names, its claimId required', () => {
    const message = coopClaimSubmitted('p-1', 'claim-1');
    const command = toCommand(parsed(message), receipt) as SubmitCoopClaimCommand;
    expect(command).toBeInstanceOf(SubmitCoopClaimCommand);
    expect(command.partnerId).toBe('p-1');
    expect(command.body).toEqual({
      claimId: 'claim-1', activity: 'open-day', amount: { amount: '250.00', currency: 'EUR' }, description: 'Open day at the Rennes office', occurredAt: '2026-03-14T09:30:00Z',
    });
    expect(command.context).toMatchObject({ source: 'kafka:marketing', idempotencyKey: message['id'] });

    const { claimId: _, ...withoutId } = message['payload'];
    const refused = parseActivityMessage(bytes({ ...message, payload: withoutId }));
    expect(refused).toMatchObject({ ok: false, failure: { statusCode: 400, code: 'VALIDATION_FAILED', message: expect.stringContaining('claimId') } });
  });

  it('LeadExtended and LeadLost name their lead outside the body', () => {
    const extended = toCommand(parsed(leadExtended('lead-1')), receipt) as ExtendLeadCommand;
    expect(extended).toBeInstanceOf(ExtendLeadCommand);
    expect(extended.leadId).toBe('lead-1');
    expect(extended.body).toEqual({ reason: 'customer board meets in July', occurredAt: '2026-03-14T09:30:00Z' });

    const lost = toCommand(parsed(leadLost('lead-1')), receipt) as LoseLeadCommand;
    expect(lost).toBeInstanceOf(LoseLeadCommand);
    expect(lost.leadId).toBe('lead-1');
    expect(lost.body).toEqual({ reason: 'customer chose a competitor', occurredAt: '2026-03-14T09:30:00Z' });
  });

  it('DealReversed → ReverseDealCommand for the lead the payload names; amount and reversalId optional, as over HTTP', () => {
    const all = toCommand(parsed(dealReversed('lead-1')), receipt) as ReverseDealCommand;
    expect(all).toBeInstanceOf(ReverseDealCommand);
    expect(all.leadId).toBe('lead-1');
    expect(all.body).toEqual({ reason: 'two appliances returned', occurredAt: '2026-03-14T09:30:00Z' });
    expect(all.context.idempotencyKey).toBeDefined();

    const part = toCommand(parsed(dealReversed('lead-1', {}, { amount: '300.00', reversalId: 'credit-note-7' })), receipt) as ReverseDealCommand;
    expect(part.body).toEqual({ reason: 'two appliances returned', amount: '300.00', reversalId: 'credit-note-7', occurredAt: '2026-03-14T09:30:00Z' });
    expect(parseActivityMessage(bytes(dealReversed('lead-1', {}, { amount: '-1' })))).toMatchObject({ ok: false, failure: { code: 'VALIDATION_FAILED' } });
  });

  it('carries a well-formed x-correlation-id header, and ignores a malformed one', () => {
    const message = parsed(partnerRegistered('p-1'));
    expect(toCommand(message, { ...receipt, headers: { 'x-correlation-id': 'order-42' } }).context.correlationId).toBe('order-42');
    expect(toCommand(message, { ...receipt, headers: { 'x-correlation-id': 'has spaces' } }).context.correlationId).toBe(message.id);
  });

  it.each([
    ['absent', undefined, undefined],
    ['one character', 'a', undefined],
    ['200 visible ASCII characters', '!~'.repeat(100), undefined],
    ['empty', '', 'it is empty'],
    ['201 characters', 'x'.repeat(201), 'it has 201 characters, more than 200'],
    ['a space', 'has spaces', 'at position 4'],
    ['a control character', 'a\tb', 'at position 2'],
    ['a non-ASCII character', 'café', 'at position 4'],
    ['an undecodable byte (U+FFFD once decoded)', 'ab\ufffd', 'at position 3'],
  ])('x-correlation-id rule (1-200 visible ASCII characters): %s', (_name, value, problem) => {
    if (problem === undefined) expect(correlationIdProblem(value)).toBeUndefined();
    else expect(correlationIdProblem(value)).toContain(problem);
  });

  it('applies the HTTP field rules (trimmed labels)', () => {
    const message = partnerRegistered('p-1');
    message['payload'].name = '  Acme  ';
    expect((toCommand(parsed(message), receipt) as RegisterPartnerCommand).body.name).toBe('Acme');
  });

  it.each([
    ['no value', null, 'MALFORMED_JSON'],
    ['an empty value', Buffer.alloc(0), 'MALFORMED_JSON'],
    ['broken JSON', bytes('{"id": '), 'MALFORMED_JSON'],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'MALFORMED_JSON'],
    ['a value larger than the bound', Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x20), 'PAYLOAD_TOO_LARGE'],
    ['an unknown type', bytes({ ...partnerRegistered('p-1'), type: 'PartnerDeleted' }), 'UNKNOWN_MESSAGE_TYPE'],
    ['no type', bytes({ ...partnerRegistered('p-1'), type: undefined }), 'VALIDATION_FAILED'],
    ['a JSON array', bytes([1, 2]), 'VALIDATION_FAILED'],
    ['an id that is not a UUID', bytes(partnerRegistered('p-1', { id: 'msg-1' })), 'VALIDATION_FAILED'],
    ['an unknown envelope field', bytes(partnerRegistered('p-1', { extra: true })), 'VALIDATION_FAILED'],
    ['occurredAt repeated in the payload', bytes(leadRegistered('p-1', 'lead-1', { payload: { ...leadRegistered('p-1', 'lead-1')['payload'], occurredAt: '2026-01-01T00:00:00Z' } })), 'VALIDATION_FAILED'],
    ['a LeadRegistered without leadId', bytes(leadRegistered('p-1', undefined as unknown as string)), 'VALIDATION_FAILED'],
    ['a date without an offset', bytes(partnerRegistered('p-1', { occurredAt: '2026-03-14T09:30:00' })), 'VALIDATION_FAILED'],
    ['a bad amount', bytes(dealWon('lead-1', { payload: { leadId: 'lead-1', amount: '12.345', currency: 'EUR' } })), 'VALIDATION_FAILED'],
  ])('refuses %s (%#)', (_name, value, code) => {
    const result = parseActivityMessage(value as Buffer | null);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.failure).toMatchObject({ code, transient: false });
      expect(result.failure.message.length).toBeGreaterThan(0);
    }
  });

  it('names the offending field', () => {
    const result = parseActivityMessage(bytes(partnerRegistered('p-1', { payload: { partnerId: 'p-1', name: 'A', typology: 'nope', territory: { country: 'FR' } } })));
    expect(!result.ok && result.failure.message).toContain('payload.typology');
  });
});

describe('Kafka message outcomes (ActivityIngest)', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['error', 'warn', 'log']));
  const config = loadConfig({ KAFKA_BROKERS: '127.0.0.1:1', DATA_DIR: '/tmp/unused' }).kafka as KafkaConfig;

  function setup(execute: (command: unknown) => Promise<unknown>, publish?: (topic: string, messages: OutboundMessage[]) => Promise<void>) {
    const sent: { topic: string; messages: OutboundMessage[] }[] = [];
    const broker: LedgerBroker = {
      ensureTopics: async () => undefined,
      publish: publish ?? (async (topic, messages) => void sent.push({ topic, messages })),
      consume: async () => ({ stop: async () => undefined }),
      close: async () => undefined,
    };
    const bus = { execute: jest.fn(execute) } as unknown as CommandBus;
    // The write side's own count of fresh appends: every command here appends.
    const writer = { tracking: async <T>(work: () => Promise<T>) => ({ value: await work(), appended: 1 }) } as unknown as StreamWriter;
    return { ingest: new ActivityIngest(new FactBatches(bus, writer), broker, config), sent, bus };
  }

  const inbound = (value: Buffer | null, attempt = 1): InboundMessage => ({
    topic: 'partner-activity', partition: 2, offset: '41', key: Buffer.from('p-1'), value, headers: { 'x-correlation-id': 'c-1' }, attempt,
  });

  it('recorded: nothing dead-lettered', async () => {
    const { ingest, sent, bus } = setup(async () => ({ streamId: 'partner-p-1', revision: '0', position: '1', eventIds: [] }));
    await expect(ingest.handle(inbound(bytes(partnerRegistered('p-1'))))).resolves.toBe('recorded');
    expect(bus.execute).toHaveBeenCalledTimes(1);
    expect(sent).toEqual([]);
  });

  describe('an invalid x-correlation-id header', () => {
    let debug: jest.SpyInstance;
    beforeEach(() => (debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined)));
    afterEach(() => debug.mockRestore());
    const recorded = async () => ({ streamId: 'partner-p-1', revision: '0', position: '1', eventIds: [] });
    const withHeader = (value: Buffer, correlationId: string): InboundMessage => ({ ...inbound(value), headers: { 'x-correlation-id': correlationId } });

    it('is logged at debug with the rule it broke and where (never its value), and the message id correlates', async () => {
      const { ingest, bus } = setup(recorded);
      const message = partnerRegistered('p-1');
      const value = 'Jane Doe <jane.doe@example.com>';
      await expect(ingest.handle(withHeader(bytes(message), value))).resolves.toBe('recorded');

      expect(debug).toHaveBeenCalledTimes(1);
      const line = String(debug.mock.calls[0]![0]);
      expect(line).toContain('partner-activity/2@41');
      expect(line).toContain(`PartnerRegistered ${message['id']}`);
      expect(line).toContain('x-correlation-id ignored');
      expect(line).toContain('at position 5'); // the space
      expect(line).toContain('1-200 visible ASCII characters');
      expect(line).not.toContain('jane');
      expect(line).not.toContain('Jane');
      const command = (bus.execute as jest.Mock).mock.calls[0]![0] as RegisterPartnerCommand;
      expect(command.context.correlationId).toBe(message['id']);
    });

    it('too long: the length and the bound are logged', async () => {
      const { ingest } = setup(recorded);
      await ingest.handle(withHeader(bytes(partnerRegistered('p-1')), 'x'.repeat(300)));
      expect(String(debug.mock.calls[0]![0])).toContain('it has 300 characters, more than 200');
    });

    it('a valid one is used and nothing is logged', async () => {
      const { ingest, bus } = setup(recorded);
      await ingest.handle(withHeader(bytes(partnerRegistered('p-1')), 'crm-req-81f2'));
      expect(debug).not.toHaveBeenCalled();
      expect(((bus.execute as jest.Mock).mock.calls[0]![0] as RegisterPartnerCommand).context.correlationId).toBe('crm-req-81f2');
    });
  });

  it('refused by a rule: the original key and value to the dead-letter topic, with the reason, then committed', async () => {
    const { ingest, sent } = setup(async () => {
      throw refuse.notFound('PARTNER_NOT_FOUND', 'partner p-1 is not registered', { partnerId: 'p-1' });
    });
    const value = bytes(incentiveAwarded('p-1'));
    await expect(ingest.handle(inbound(value))).resolves.toBe('dead-lettered');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.topic).toBe('partner-activity.dlq');
    const [dead] = sent[0]!.messages;
    expect(dead!.key).toEqual(Buffer.from('p-1'));
    expect(dead!.value).toBe(value);
    expect(dead!.headers).toMatchObject({
      'x-error-code': 'PARTNER_NOT_FOUND',
      'x-error-message': 'partner p-1 is not registered',
      'x-error-details': '{"partnerId":"p-1"}',
      'x-original-topic': 'partner-activity',
      'x-original-partition': '2',
      'x-original-offset': '41',
      'x-correlation-id': 'c-1',
    });
  });

  it.each([
    ['CHALLENGE_NOT_FOUND', refuse.notFound('CHALLENGE_NOT_FOUND', 'challenge ch-x does not exist', { challengeId: 'ch-x' })],
    ['ROLE_NOT_ELIGIBLE', refuse.rule('ROLE_NOT_ELIGIBLE', 'challenge ch-x rewards sales staff, not technical', { challengeId: 'ch-x', role: 'technical' })],
    ['PARTNER_NOT_ELIGIBLE', refuse.rule('PARTNER_NOT_ELIGIBLE', 'challenge ch-x is for var partners, not integrator', { challengeId: 'ch-x', typology: 'integrator' })],
    ['OUTSIDE_CHALLENGE', refuse.rule('OUTSIDE_CHALLENGE', 'challenge ch-x runs from … to …', { challengeId: 'ch-x' })],
  ])('an award refused by its challenge (%s) is dead-lettered with its code', async (code, refusal) => {
    const { ingest, sent } = setup(async () => {
      throw refusal;
    });
    await expect(ingest.handle(inbound(bytes(incentiveAwarded('p-1', {}))))).resolves.toBe('dead-lettered');
    expect(sent[0]!.messages[0]!.headers).toMatchObject({ 'x-error-code': code, 'x-error-details': expect.stringContaining('"challengeId":"ch-x"') });
  });

  it('malformed: dead-lettered without reaching the command bus', async () => {
    const { ingest, sent, bus } = setup(async () => undefined);
    await expect(ingest.handle(inbound(bytes('not json')))).resolves.toBe('dead-lettered');
    expect(bus.execute).not.toHaveBeenCalled();
    expect(sent[0]!.messages[0]!.headers).toMatchObject({ 'x-error-code': 'MALFORMED_JSON' });
  });

  it('store unavailable: retry, never dead-lettered, however many attempts', async () => {
    const { ingest, sent } = setup(async () => {
      throw new EventStoreUnavailableError('disk gone');
    });
    for (const attempt of [1, 2, UNEXPECTED_FAILURE_ATTEMPTS, 50]) {
      await expect(ingest.handle(inbound(bytes(partnerRegistered('p-1')), attempt))).resolves.toBe('retry');
    }
    expect(sent).toEqual([]);
  });

  it('overloaded write path: retry (the partition pauses), never dead-lettered, however many attempts', async () => {
    const { ingest, sent } = setup(async () => {
      throw new OverloadedError('wait_timeout', 5);
    });
    for (const attempt of [1, 2, UNEXPECTED_FAILURE_ATTEMPTS, 50]) {
      await expect(ingest.process(inbound(bytes(partnerRegistered('p-1')), attempt))).resolves.toMatchObject({ kind: 'retry', failure: { statusCode: 503, code: 'OVERLOADED' } });
    }
    expect(sent).toEqual([]);
  });

  it('unexpected error: retried a few times, then dead-lettered as INTERNAL_ERROR so the partition moves on', async () => {
    const { ingest, sent } = setup(async () => {
      throw new TypeError('a bug');
    });
    const value = bytes(partnerRegistered('p-1'));
    for (let attempt = 1; attempt < UNEXPECTED_FAILURE_ATTEMPTS; attempt++) {
      await expect(ingest.handle(inbound(value, attempt))).resolves.toBe('retry');
    }
    expect(sent).toEqual([]);
    await expect(ingest.handle(inbound(value, UNEXPECTED_FAILURE_ATTEMPTS))).resolves.toBe('dead-lettered');
    expect(sent[0]!.messages[0]!.headers).toMatchObject({ 'x-error-code': 'INTERNAL_ERROR' });
  });

  it('dead-letter topic unavailable: retry (the refused message is not committed unseen)', async () => {
    const { ingest } = setup(async () => undefined, async () => {
      throw new Error('broker down');
    });
    await expect(ingest.handle(inbound(bytes('not json')))).resolves.toBe('retry');
  });

  describe('a batch', () => {
    const at = (offset: number, value: Buffer | null, key = 'p-1'): InboundMessage => ({ ...inbound(value), offset: String(offset), key: Buffer.from(key) });
    const recordedUnless = (fails: (command: RegisterPartnerCommand) => unknown) => async (command: unknown) => {
      const error = fails(command as RegisterPartnerCommand);
      if (error) throw error;
      return { streamId: 's', revision: '0', position: '1', eventIds: ['e'] };
    };

    it('dead-letters its refusals in one produce and records the rest', async () => {
      const { ingest, sent } = setup(recordedUnless(() => undefined));
      const outcomes = await ingest.handleBatch([at(1, bytes('not json')), at(2, bytes(partnerRegistered('p-2')), 'p-2'), at(3, bytes({ type: 'Nope' }))]);
      expect(outcomes).toEqual(['dead-lettered', 'recorded', 'dead-lettered']);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.messages.map((m) => m.headers?.['x-original-offset'])).toEqual(['1', '3']);
    });

    it('holds from a message left for later: its partner\'s later facts wait, no refusal after it is dead-lettered', async () => {
      const unavailable = partnerRegistered('p-1');
      const { ingest, sent, bus } = setup(recordedUnless((c) => (c.context.idempotencyKey === unavailable['id'] ? new EventStoreUnavailableError('disk gone') : undefined)));
      const outcomes = await ingest.handleBatch([
        at(1, bytes(partnerRegistered('p-0')), 'p-0'),
        at(2, bytes(unavailable)),
        at(3, bytes(incentiveAwarded('p-1'))),
        at(4, bytes(partnerRegistered('p-3')), 'p-3'),
        at(5, bytes('not json'), 'p-5'),
      ]);
      expect(outcomes).toEqual(['recorded', 'retry', 'retry', 'recorded', 'retry']);
      // p-1's incentive was not decided ahead of its partner's registration.
      expect(bus.execute).toHaveBeenCalledTimes(3);
      expect(sent).toEqual([]);
    });

    it('dead-letter topic unavailable: every refusal of the batch is retried', async () => {
      const { ingest } = setup(recordedUnless(() => undefined), async () => {
        throw new Error('broker down');
      });
      expect(await ingest.handleBatch([at(1, bytes('not json')), at(2, bytes(partnerRegistered('p-2')), 'p-2')])).toEqual(['retry', 'recorded']);
    });
  });

  it('a handler that throws is impossible: every failure is an outcome', async () => {
    const { ingest } = setup(async () => {
      throw 'a string';
    });
    await expect(ingest.process(inbound(bytes(partnerRegistered('p-1'))))).resolves.toMatchObject({ kind: 'retry' });
  });
});
