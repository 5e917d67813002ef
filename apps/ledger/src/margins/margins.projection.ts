import { DealLine, isLedgerEvent, LedgerEvent, periodOf, Typology } from '@ledger/domain';
import { RecordedEvent } from '@ledger/event-store';
import { DocumentChange, DocumentRef, DocumentView, Projection, projectionOf } from '@ledger/projections';
import { CollectionSpec, Document } from '@ledger/read-store';
import { addSums, lineSums, MarginSums, noSums } from './margin-sums';

/** One document per partner, id = partnerId: its typology (a partner's never changes), copied into its months. */
export const MARGIN_PARTNERS = 'margin_partners';
/** One document per won deal with lines, id = leadId: which of its lines were sold below the minimum (a reversal takes its part of them). */
export const MARGIN_DEALS = 'margin_deals';
/** One document per partner and month (UTC), id = `<partnerId>/<YYYY-MM>`: its sums, in all and per product. */
export const MARGINS = 'margins';
/** One document per month, product line and product, id = `<YYYY-MM>/<productLine>/<product>`: the program's sums, in all and per typology. */
export const MARGIN_MONTHS = 'margin_months';
/** One document per MarginBelowMinimum, id = its position on 20 digits: newest first is occurredAt, then id, descending. */
export const MARGIN_ALERTS = 'margin_alerts';

export interface MarginPartnerDocument {
  [field: string]: unknown;
  partnerId: string;
  typology: Typology;
}

export interface MarginDealLine {
  productLine: string;
  product: string;
  revenue: number;
  margin: number;
  belowMinimum: boolean;
}

export interface MarginDealDocument {
  [field: string]: unknown;
  leadId: string;
  partnerId: string;
  lines: MarginDealLine[];
}

export interface ProductSums extends MarginSums {
  productLine: string;
  product: string;
}

export interface PartnerMonthDocument extends MarginSums {
  [field: string]: unknown;
  partnerId: string;
  typology: Typology;
  month: string;
  /** Ordered by product line, then product. */
  products: ProductSums[];
}

export interface TypologySums extends MarginSums {
  typology: Typology;
}

export interface ProductMonthDocument extends MarginSums {
  [field: string]: unknown;
  month: string;
  productLine: string;
  product: string;
  /** Ordered by typology. */
  byTypology: TypologySums[];
}

export interface MarginAlertDocument {
  [field: string]: unknown;
  leadId: string;
  partnerId: string;
  productLine: string;
  product: string;
  revenue: number;
  margin: number;
  rate: string;
  minimumRate: string;
  rulesVersion: number;
  /** The win's, in UTC (a Date in MongoDB): what the alerts are sorted by. */
  occurredAt: string;
  month: string;
  position: bigint | number;
}

export const partnerMonthId = (partnerId: string, month: string) => `${partnerId}/${month}`;
export const productMonthId = (month: string, productLine: string, product: string) => `${month}/${productLine}/${product}`;
export const alertId = (position: bigint) => position.toString().padStart(20, '0');

const asc = (field: string) => ({ field, direction: 'asc' as const });
const desc = (field: string) => ({ field, direction: 'desc' as const });

const marginPartnersCollection: CollectionSpec = { name: MARGIN_PARTNERS, indexes: [] };
const marginDealsCollection: CollectionSpec = { name: MARGIN_DEALS, indexes: [] };
export const marginsCollection: CollectionSpec = {
  name: MARGINS,
  // The months of a range (every partner), or of one partner.
  indexes: [{ fields: [asc('month')] }, { fields: [asc('partnerId'), asc('month')] }],
};
export const marginMonthsCollection: CollectionSpec = {
  name: MARGIN_MONTHS,
  // The months of a range, of a line, of a product; the first and last month with sales.
  indexes: [{ fields: [asc('month')] }, { fields: [asc('productLine'), asc('month')] }, { fields: [asc('productLine'), asc('product'), asc('month')] }],
};
export const marginAlertsCollection: CollectionSpec = {
  name: MARGIN_ALERTS,
  // Newest first, in all, within months, of a partner, of a line.
  indexes: [
    { fields: [desc('occurredAt')] },
    { fields: [asc('month'), desc('occurredAt')] },
    { fields: [asc('partnerId'), desc('occurredAt')] },
    { fields: [asc('partnerId'), asc('month'), desc('occurredAt')] },
    { fields: [asc('productLine'), desc('occurredAt')] },
    { fields: [asc('productLine'), asc('month'), desc('occurredAt')] },
  ],
  dates: ['occurredAt'],
};

/** A sorted list's entry for `key`, added with `sums` (a new entry when none). */
function addEntry<T extends MarginSums>(entries: readonly T[], matches: (entry: T) => boolean, fresh: () => T, sums: MarginSums, order: (a: T, b: T) => number): T[] {
  const found = entries.find(matches);
  const rest = entries.filter((entry) => entry !== found);
  return [...rest, { ...(found ?? fresh()), ...addSums(found ?? noSums(), sums) }].sort(order);
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The documents one event changes, each read once: several lines of a deal may fall in the
 * same month document, so each adds to what the previous one left, not to the stored one.
 */
class Changes {
  private readonly changed = new Map<string, DocumentChange>();
  constructor(private readonly view: DocumentView) {}

  get<T extends Document>(collection: string, id: string): T | undefined {
    return (this.changed.get(`${collection}\u0000${id}`)?.doc as T | undefined) ?? this.view.get<T>(collection, id);
  }

  set(collection: string, id: string, doc: Document): void {
    this.changed.set(`${collection}\u0000${id}`, { collection, id, doc });
  }

  /** Adds a line's sums to its partner's month and to the program's month of its product. */
  addLine(partner: MarginPartnerDocument, month: string, line: { productLine: string; product: string }, sums: MarginSums): void {
    const { partnerId, typology } = partner;
    const { productLine, product } = line;
    const ownId = partnerMonthId(partnerId, month);
    const own = this.get<PartnerMonthDocument>(MARGINS, ownId) ?? { partnerId, typology, month, ...noSums(), products: [] };
    this.set(MARGINS, ownId, {
      ...own,
      ...addSums(own, sums),
      products: addEntry(own.products, (e) => e.productLine === productLine && e.product === product, () => ({ productLine, product, ...noSums() }), sums,
        (a, b) => byText(a.productLine, b.productLine) || byText(a.product, b.product)),
    } satisfies PartnerMonthDocument);
    const programId = productMonthId(month, productLine, product);
    const program = this.get<ProductMonthDocument>(MARGIN_MONTHS, programId) ?? { month, productLine, product, ...noSums(), byTypology: [] };
    this.set(MARGIN_MONTHS, programId, {
      ...program,
      ...addSums(program, sums),
      byTypology: addEntry(program.byTypology, (e) => e.typology === typology, () => ({ typology, ...noSums() }), sums, (a, b) => byText(a.typology, b.typology)),
    } satisfies ProductMonthDocument);
  }

  all(): DocumentChange[] {
    return [...this.changed.values()];
  }
}

type MarginEvent = Extract<LedgerEvent, { type: 'PartnerRegistered' | 'DealWon' | 'MarginBelowMinimum' | 'DealReversed' }>;
const MARGIN_EVENTS: ReadonlySet<string> = new Set<MarginEvent['type']>(['PartnerRegistered', 'DealWon', 'MarginBelowMinimum', 'DealReversed']);
const isMarginEvent = (event: RecordedEvent<LedgerEvent>): event is RecordedEvent<MarginEvent> => MARGIN_EVENTS.has(event.type);

/** The lines an event adds to or takes from: a win's or a reversal's lines, an alert's one line. */
const linesOf = (event: MarginEvent): readonly Pick<DealLine, 'productLine' | 'product'>[] =>
  event.type === 'PartnerRegistered' ? [] : event.type === 'MarginBelowMinimum' ? [event.data] : event.data.lines;

/**
 * The margin observatory's read models: what deal lines sold (revenue and margin, and the
 * part below the guaranteed minimum) per partner and month and per product and month, and
 * the MarginBelowMinimum alerts. A win counts in the month it occurred (UTC), a reversal in
 * the month it occurred, taking back its part of each line (below the minimum when the line
 * was). A deal won without lines has no margin to count.
 */
export const marginsProjection: Projection = projectionOf<LedgerEvent>(isLedgerEvent, {
  name: 'margins',
  version: 1,
  // Months are derived from partners and deals: listed after them (see Projection.collections).
  collections: [marginPartnersCollection, marginDealsCollection, marginsCollection, marginMonthsCollection, marginAlertsCollection],

  refs(event): DocumentRef[] {
    if (!isMarginEvent(event) || event.type === 'PartnerRegistered') return [];
    const { partnerId, leadId } = event.data;
    const month = periodOf(event.occurredAt);
    return [
      { collection: MARGIN_PARTNERS, id: partnerId },
      { collection: MARGIN_DEALS, id: leadId },
      { collection: MARGINS, id: partnerMonthId(partnerId, month) },
      ...linesOf(event).map((line) => ({ collection: MARGIN_MONTHS, id: productMonthId(month, line.productLine, line.product) })),
    ];
  },

  apply(event, view): DocumentChange[] {
    if (!isMarginEvent(event)) return [];
    if (event.type === 'PartnerRegistered') {
      const { partnerId, typology } = event.data;
      return [{ collection: MARGIN_PARTNERS, id: partnerId, doc: { partnerId, typology } satisfies MarginPartnerDocument }];
    }
    const changes = new Changes(view);
    // Always there: a lead is registered by a registered partner (without it, only the alert is kept).
    const partner = changes.get<MarginPartnerDocument>(MARGIN_PARTNERS, event.data.partnerId);
    const month = periodOf(event.occurredAt);
    switch (event.type) {
      case 'DealWon': {
        const { leadId, partnerId, lines } = event.data;
        if (lines.length === 0 || !partner) return [];
        const deal: MarginDealDocument = {
          leadId, partnerId, lines: lines.map((l) => ({ productLine: l.productLine, product: l.product, revenue: l.revenue.minor, margin: l.margin.minor, belowMinimum: false })),
        };
        changes.set(MARGIN_DEALS, leadId, deal);
        for (const line of deal.lines) changes.addLine(partner, month, line, lineSums(line.revenue, line.margin, false, 1));
        break;
      }
      case 'MarginBelowMinimum': {
        const { leadId, partnerId, productLine, product, revenue, margin, rate, minimumRate, rulesVersion } = event.data;
        const deal = changes.get<MarginDealDocument>(MARGIN_DEALS, leadId);
        // The deal's first line of this product and figures not yet flagged: the one the alert names.
        const index = deal?.lines.findIndex((l) => !l.belowMinimum && l.productLine === productLine && l.product === product && l.revenue === revenue.minor && l.margin === margin.minor) ?? -1;
        if (partner && deal && index >= 0) {
          changes.set(MARGIN_DEALS, leadId, { ...deal, lines: deal.lines.map((l, i) => (i === index ? { ...l, belowMinimum: true } : l)) });
          // Already counted by the win: now also as sold below the minimum.
          changes.addLine(partner, month, event.data, { revenue: 0, margin: 0, revenueBelowMinimum: revenue.minor, marginBelowMinimum: margin.minor });
        }
        const occurredAt = new Date(event.occurredAt).toISOString();
        const alert: MarginAlertDocument = {
          leadId, partnerId, productLine, product, revenue: revenue.minor, margin: margin.minor, rate, minimumRate, rulesVersion, occurredAt, month, position: event.position,
        };
        changes.set(MARGIN_ALERTS, alertId(event.position), alert);
        break;
      }
      case 'DealReversed': {
        const deal = changes.get<MarginDealDocument>(MARGIN_DEALS, event.data.leadId);
        if (!partner) return [];
        for (const [i, line] of event.data.lines.entries()) {
          if (line.revenue.minor === 0 && line.margin.minor === 0) continue;
          changes.addLine(partner, month, line, lineSums(line.revenue.minor, line.margin.minor, deal?.lines[i]?.belowMinimum ?? false, -1));
        }
        break;
      }
    }
    return changes.all();
  },
});
