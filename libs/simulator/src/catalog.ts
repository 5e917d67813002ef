import { CoopActivity, IncentiveKind, IncentiveRole, Typology } from '@ledger/domain';

/** The made-up world the simulator draws from: territories, names, products, prizes. */

/** ~10 countries, weighted roughly like a European channel network; regions for some. */
export const COUNTRIES: readonly (readonly [string, number, readonly string[]])[] = [
  ['FR', 22, ['IDF', 'ARA', 'PACA', 'OCC', 'NAQ', 'HDF', 'BRE']],
  ['DE', 18, ['BY', 'BW', 'NW', 'BE', 'HH', 'HE']],
  ['GB', 12, ['ENG', 'SCT', 'WLS', 'NIR']],
  ['ES', 10, ['MD', 'CT', 'AN', 'VC']],
  ['IT', 10, ['LOM', 'LAZ', 'PIE', 'VEN']],
  ['NL', 7, []],
  ['BE', 6, ['VLG', 'WAL', 'BRU']],
  ['CH', 5, ['ZH', 'GE', 'VD']],
  ['PL', 5, []],
  ['PT', 5, []],
];

export const TYPOLOGY_WEIGHTS: readonly (readonly [Typology, number])[] = [
  ['integrator', 25],
  ['var', 28],
  ['ssii', 15],
  ['wholesaler', 5],
  ['isv', 11],
  ['prescriber', 16],
];

const NAME_SUFFIX: Record<Typology, readonly string[]> = {
  integrator: ['Integration', 'Systems', 'Infra', 'Networks'],
  wholesaler: ['Distribution', 'Wholesale', 'Supply'],
  var: ['Solutions', 'IT', 'Secure', 'Technologies'],
  ssii: ['Consulting', 'Services', 'Digital', 'Conseil'],
  isv: ['Software', 'Labs', 'Apps'],
  prescriber: ['Advisory', 'Partners', 'Expertise'],
};

const BRANDS = [
  'Acme', 'Azur', 'Boreal', 'Cobalt', 'Delta', 'Ember', 'Fjord', 'Granite', 'Helix', 'Ionic', 'Jade', 'Krypton', 'Lumen', 'Meridian',
  'Nimbus', 'Onyx', 'Polar', 'Quartz', 'Rampart', 'Sable', 'Tessel', 'Umbra', 'Vertex', 'Willow', 'Xenon', 'Yarrow', 'Zephyr',
  'Atlas', 'Bastion', 'Citadel', 'Dune', 'Equinox', 'Falcon', 'Garnet', 'Harbor', 'Iris', 'Juniper', 'Keystone', 'Lynx', 'Mosaic',
];

export function partnerName(typology: Typology, brand: number, suffix: number): string {
  const suffixes = NAME_SUFFIX[typology];
  return `${BRANDS[brand % BRANDS.length]} ${suffixes[suffix % suffixes.length]}`;
}

const FIRST_NAMES = [
  'Ada', 'Bruno', 'Chloé', 'Dana', 'Elif', 'Fabio', 'Greta', 'Hugo', 'Inès', 'Jonas', 'Katia', 'Lars', 'Maya', 'Nils', 'Olga',
  'Paolo', 'Quentin', 'Rosa', 'Sven', 'Tara', 'Ugo', 'Vera', 'Wout', 'Xavier', 'Yara', 'Zofia', 'Amir', 'Beatriz', 'Carlos', 'Dorota',
];
const LAST_NAMES = [
  'Martin', 'Müller', 'Smith', 'García', 'Rossi', 'de Vries', 'Peeters', 'Keller', 'Nowak', 'Silva', 'Bernard', 'Schmidt', 'Jones',
  'López', 'Bianchi', 'Jansen', 'Dubois', 'Weber', 'Taylor', 'Moreau', 'Ferrari', 'Kowalski', 'Santos', 'Fischer', 'Leroy',
];

/** A stable name for a person, from two numbers. */
export function personName(a: number, b: number): string {
  return `${FIRST_NAMES[a % FIRST_NAMES.length]} ${LAST_NAMES[b % LAST_NAMES.length]}`;
}

const CUSTOMER_A = [
  'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent', 'Hooli', 'Vandelay', 'Massive', 'Oscorp',
  'Nakatomi', 'Gringotts', 'Wonka', 'Aperture', 'Black Mesa', 'Monarch', 'Pied Piper', 'Dunder', 'Sterling', 'Prestige', 'Rekall',
];
const CUSTOMER_B = [
  'Logistics', 'Bank', 'Hospital', 'Retail', 'Insurance', 'Foods', 'Energy', 'Airlines', 'Pharma', 'Telecom', 'City Council',
  'University', 'Motors', 'Media', 'Hotels', 'Shipping', 'Steel', 'Chemicals',
];

export function customerName(n: number): string {
  return `${CUSTOMER_A[n % CUSTOMER_A.length]} ${CUSTOMER_B[Math.floor(n / CUSTOMER_A.length) % CUSTOMER_B.length]}`;
}

export const PROJECT_TYPES = [
  'Firewall renewal', 'SD-WAN rollout', 'Endpoint migration', 'Email security', 'Zero-trust access', 'Branch network refresh',
  'SOC integration', 'Data-centre segmentation', 'Secure remote access', 'Cloud security posture', 'Campus Wi-Fi', 'Ransomware readiness',
];

/** Products per product line; lines the catalogue does not know get generic products. */
const PRODUCTS: Record<string, readonly string[]> = {
  utm: ['UTM-100', 'UTM-500', 'UTM-2000', 'UTM-VM'],
  network: ['Switch-24', 'Switch-48', 'AP-6E', 'SDWAN-Edge'],
  endpoint: ['EPP-Standard', 'EDR-Pro', 'XDR-Enterprise'],
  email: ['MailSec', 'MailSec-Archive', 'Phishing-Sim'],
  cloud: ['CASB', 'ZTNA', 'SASE-Pro', 'CSPM'],
};

export function productsOf(line: string): readonly string[] {
  return PRODUCTS[line] ?? [`${line.toUpperCase()}-Standard`, `${line.toUpperCase()}-Pro`];
}

/** The margin the vendor guarantees per line, in percent (the observatory flags drift below it). */
const GUARANTEED_MARGIN: Record<string, string> = { utm: '18', network: '15', endpoint: '22', email: '25', cloud: '20' };

export const guaranteedMarginPercent = (line: string) => GUARANTEED_MARGIN[line] ?? '15';

/** The same, as a rate for drawing margins (0.18). */
export const guaranteedMargin = (line: string) => Number(guaranteedMarginPercent(line)) / 100;

/** One product with a minimum of its own: the virtual appliance, sold through with less margin. */
export const MARGIN_EXCEPTION = { productLine: 'utm', product: 'UTM-VM', minimum: '12' } as const;

/** What a co-op claim paid for: a range in EUR and how partners describe it. */
export const COOP_SPEND: Record<CoopActivity, { readonly range: readonly [number, number]; readonly descriptions: readonly string[] }> = {
  'open-day': { range: [300, 1_500], descriptions: ['Open day at our offices', 'Customer open day with live demos'] },
  seminar: { range: [500, 2_500], descriptions: ['Security seminar for local customers', 'Half-day seminar on zero trust'] },
  breakfast: { range: [150, 600], descriptions: ['Breakfast briefing for IT managers', 'Morning breakfast on ransomware readiness'] },
  brochure: { range: [200, 1_200], descriptions: ['Co-branded product brochure', 'Printed solution catalogue'] },
  'press-ad': { range: [400, 3_000], descriptions: ['Advertisement in the regional business press', 'Trade magazine half-page ad'] },
  other: { range: [100, 800], descriptions: ['Trade show booth share', 'Sponsored webinar'] },
};

export const COOP_ACTIVITY_WEIGHTS: readonly (readonly [CoopActivity, number])[] = [
  ['open-day', 20], ['seminar', 25], ['breakfast', 20], ['brochure', 15], ['press-ad', 12], ['other', 8],
];

export const CLAIM_REJECTIONS = ['no proof of the spend attached', 'activity not pre-approved', 'invoice outside the claim period'];

export const REVERSAL_REASONS = ['customer cancelled the order', 'goods returned under warranty', 'partial refund after a dispute', 'invoice credited'];

/** Median deal size (EUR) per typology: distributors move big volumes, ISVs small add-ons. */
export const DEAL_MEDIAN: Record<Typology, number> = {
  wholesaler: 60_000,
  integrator: 35_000,
  ssii: 25_000,
  prescriber: 15_000,
  var: 12_000,
  isv: 8_000,
};

export const ROLE_WEIGHTS: readonly (readonly [IncentiveRole, number])[] = [
  ['sales', 45],
  ['presales', 30],
  ['technical', 25],
];

export const KIND_WEIGHTS: readonly (readonly [IncentiveKind, number])[] = [
  ['voucher', 40],
  ['goodies', 25],
  ['cash', 20],
  ['trip', 15],
];

/** Value range in EUR per kind of prize. */
export const KIND_VALUE: Record<IncentiveKind, readonly [number, number]> = {
  voucher: [50, 500],
  goodies: [15, 200],
  cash: [100, 3_000],
  trip: [800, 6_000],
};

export const INCENTIVE_REASONS: Record<IncentiveRole, readonly string[]> = {
  sales: ['top deal registrations', 'biggest deal of the quarter', 'new logo won', 'renewal champion'],
  presales: ['best proof of concept', 'most demos delivered', 'winning technical pitch'],
  technical: ['certification bonus', 'flawless deployment', 'customer satisfaction award'],
};
