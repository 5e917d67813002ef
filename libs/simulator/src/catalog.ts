import { IncentiveKind, IncentiveRole, Typology } from '@ledger/domain';

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

/** The margin rate the vendor guarantees per line (the observatory flags drift below it). */
const GUARANTEED_MARGIN: Record<string, number> = { utm: 0.18, network: 0.15, endpoint: 0.22, email: 0.25, cloud: 0.2 };

export const guaranteedMargin = (line: string) => GUARANTEED_MARGIN[line] ?? 0.15;

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
