import type { IdentifierInput } from '@karpear/contracts';
import { agencies, units } from '../modules/agencies/index.ts';
import { normaliseIdentifierInput } from '../modules/entities/index.ts';
import { insertTip, type NewTip, type NewTipIdentifier } from '../modules/tips/index.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import { configSchema } from '../platform/config.ts';
import type { FieldCipher } from '../platform/crypto/index.ts';
import type { DatabaseHandle } from '../platform/db/index.ts';

/**
 * A handful of synthetic operator tips so a fresh demo shows a queue (issue 5). Neutral, form-label
 * wording only; made-up names, numbers and places. Idempotent: each has a `demo:` source key, so a
 * second seed changes nothing. Receipt times are relative to now so the SLA column shows every state.
 */
interface DemoTip {
  key: string;
  agency: string;
  unit: string;
  hoursAgo: number;
  tip: Omit<NewTip, 'agencyId' | 'unitId' | 'receivedAt' | 'sourceKey' | 'identifiers'>;
  /** As an operator would type them; normalised at seeding. */
  ids: IdentifierInput[];
}

const PHONE_SHARED = '+85512555014';

const DEMO_TIPS: DemoTip[] = [
  {
    key: 'demo:tip:1',
    agency: 'KH-NP-AHTJP',
    unit: 'HOTLINE',
    hoursAgo: 1,
    tip: {
      source: 'phone',
      narrative: 'Foreign man seen offering money to children near the market in the evening.',
      province: 'KH-12',
      place: 'Near the central market (demo)',
      childAgeMin: 9,
      childAgeMax: 12,
      imminentDanger: true,
      suspect: {
        nationalities: ['GB'],
        languages: ['English'],
        names: ['Demo Harold Fakename'],
        travelling: false,
      },
    },
    ids: [{ kind: 'phone', value: PHONE_SHARED }],
  },
  {
    key: 'demo:tip:2',
    agency: 'KH-NP-AHTJP',
    unit: 'HOTLINE',
    hoursAgo: 20,
    tip: {
      source: 'ngo',
      narrative: `NGO outreach worker reports a foreign man asking about a guesthouse room for "his nieces". Call ${PHONE_SHARED}.`,
      province: 'KH-17',
      childAgeMin: 14,
      suspect: { nationalities: ['AU'], languages: [], names: ['Demo Kevin Notreal'], travelling: true },
      externalRef: 'NGO-RIVER-DEMO-7',
    },
    ids: [],
  },
  {
    key: 'demo:tip:3',
    agency: 'KH-NP-AHTJP',
    unit: 'HOTLINE',
    hoursAgo: 50,
    tip: {
      source: 'walk_in',
      narrative: 'Walk-in: a tuk-tuk driver noticed a foreign tourist repeatedly visiting a school gate.',
      province: 'KH-18',
      suspect: { nationalities: [], languages: ['French'], names: [], travelling: false },
    },
    ids: [{ kind: 'username', value: 'demo_traveller_77', qualifier: 'telegram' }],
  },
  {
    key: 'demo:tip:4',
    agency: 'KH-NP-AHTJP',
    unit: 'HOTLINE',
    hoursAgo: 100,
    tip: {
      source: 'partner',
      narrative:
        'Partner hotline forwards information only: a social media account advertising "tours with local kids".',
      externalRef: 'XF-DEMO-2026-11',
    },
    ids: [{ kind: 'url', value: 'https://social.demo-karpear.invalid/demo.tours' }],
  },
  {
    key: 'demo:tip:5',
    agency: 'KH-NP-AHTJP',
    unit: 'HOTLINE',
    hoursAgo: 3,
    tip: {
      source: 'foreign_hotline',
      narrative: 'Foreign hotline: a man under investigation abroad is believed to be staying in Cambodia.',
      province: 'KH-12',
      escalationFlag: true,
      suspect: {
        nationalities: ['DE'],
        languages: ['German'],
        names: ['Demo Dieter Erfunden'],
        travelling: true,
      },
    },
    ids: [],
  },
  {
    key: 'demo:tip:6',
    agency: 'KH-PP-SIEMREAP',
    unit: 'AHT-SR',
    hoursAgo: 6,
    tip: {
      source: 'phone',
      narrative: 'Hotel staff report a foreign guest bringing local children to his room.',
      province: 'KH-17',
      childAgeMax: 11,
      suspect: {
        nationalities: ['US'],
        languages: ['English'],
        names: ['Demo Brian Invented'],
        travelling: false,
      },
    },
    ids: [{ kind: 'phone', value: PHONE_SHARED }],
  },
];

/** Demo tips carry no reporter contact: nothing here may need the field cipher. */
const NO_FIELDS: FieldCipher = {
  encryptField: () => Promise.reject(new Error('demo tips carry no reporter contact')),
  decryptField: () => Promise.reject(new Error('demo tips carry no reporter contact')),
  destroySubjectKey: () => Promise.resolve(false),
};

export async function seedDemoTips(database: DatabaseHandle, clock: Clock = systemClock): Promise<number> {
  // Default SLAs (no environment read here): the demo queue only needs plausible due times.
  const config = configSchema.parse({ mode: 'demo' });
  const deps = { database, clock, config, fields: NO_FIELDS };
  const agencyRows = await database.db.select({ id: agencies.id, code: agencies.code }).from(agencies);
  const unitRows = await database.db
    .select({ id: units.id, agencyId: units.agencyId, code: units.code })
    .from(units);
  let created = 0;
  for (const demo of DEMO_TIPS) {
    const agencyId = agencyRows.find((a) => a.code === demo.agency)?.id;
    const unitId = unitRows.find((u) => u.agencyId === agencyId && u.code === demo.unit)?.id ?? null;
    if (!agencyId) continue;
    const receivedAt = new Date(clock.now().getTime() - demo.hoursAgo * 3_600_000);
    const result = await database.db.transaction((tx) =>
      insertTip(
        deps,
        tx,
        { ...demo.tip, agencyId, unitId, receivedAt, sourceKey: demo.key, identifiers: normalised(demo.ids) },
        { actorId: null, agencyId: null, ip: null, requestId: null },
      ),
    );
    if (!result.duplicate) created++;
  }
  return created;
}

function normalised(ids: readonly IdentifierInput[]): NewTipIdentifier[] {
  return ids.flatMap((input) => {
    const n = normaliseIdentifierInput(input);
    return n.ok ? [{ kind: n.kind, value: n.value, role: 'reported', stopListed: n.stopListed }] : [];
  });
}
