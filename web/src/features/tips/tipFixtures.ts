import { AGENCY, meBody } from '../../testing/mockApi';

/** Synthetic tips for the component tests (no real people, places or numbers). */
export const UNIT = {
  id: '00000000-0000-4000-8000-0000000000c1',
  agencyId: AGENCY.id,
  code: 'TCSE',
  nameEn: 'Specialist TCSE unit',
  nameKm: 'អង្គភាពជំនាញ TCSE',
  province: null,
  isSpecialist: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  abilities: [],
};

export const OPERATOR = meBody({
  email: 'operator@demo.karpear.test',
  displayName: 'Sok Dara',
  roles: ['hotline_operator'],
  unit: {
    id: '00000000-0000-4000-8000-0000000000c2',
    code: 'HOTLINE',
    nameEn: 'Hotline desk',
    nameKm: 'ផ្នែក',
  },
  abilities: [
    'tips.list',
    'tips.read',
    'tips.create',
    'tips.triage',
    'tips.assign',
    'tips.update_status',
    'tips.message_reporter',
    'tips.read_reporter_contact',
  ],
});

export const SUMMARY = {
  id: '00000000-0000-4000-8000-0000000000d1',
  reference: 'TIP-2026-000042',
  source: 'phone',
  status: 'new',
  priority: null,
  proposedPriority: 'P2',
  receivedAt: '2026-11-28T08:00:00.000Z',
  // Three hours from now: the badge reads "3 h … left".
  slaDueAt: new Date(Date.now() + 3 * 3_600_000 + 30_000).toISOString(),
  slaState: 'ok',
  province: 'KH-17',
  unitId: null,
  assigneeId: null,
  excerpt: 'A synthetic report about a foreign man seen with children near a guesthouse.',
  lockedFiles: 0,
};

export const DETAIL = {
  ...SUMMARY,
  narrative: 'A synthetic report about a foreign man seen with children near a guesthouse.',
  place: 'Near the old market',
  occurredAt: '2026-11',
  childAgeMin: 10,
  childAgeMax: 12,
  imminentDanger: false,
  suspect: { nationalities: ['XX'], languages: ['English'], names: ['John Example'], travelling: true },
  triageReasons: [
    { rule: 'child_under_13', priority: 'P2' },
    { rule: 'suspect_travelling', priority: 'P2' },
  ],
  externalRef: null,
  caseId: null,
  reporterContact: null,
  hasReporterContact: true,
  hasReceipt: true,
  version: 3,
  events: [
    {
      id: '00000000-0000-4000-8000-0000000000e1',
      at: '2026-11-28T08:00:00.000Z',
      actorId: OPERATOR.id,
      kind: 'created',
      fromStatus: null,
      toStatus: 'new',
      reason: null,
      details: null,
    },
  ],
  entities: [
    {
      identifierId: '00000000-0000-4000-8000-0000000000f1',
      kind: 'phone',
      value: '+85512000111',
      role: 'suspect',
      stopListed: null,
      otherTips: 2,
    },
  ],
  related: [
    {
      recordType: 'tip',
      id: null,
      reference: null,
      status: null,
      holder: { agencyCode: 'KH-PP-SIEMREAP', unitCode: 'AHT-SR' },
      sharedIdentifiers: [{ kind: 'phone', value: null }],
      visible: false,
    },
    {
      recordType: 'tip',
      id: '00000000-0000-4000-8000-0000000000d2',
      reference: 'TIP-2026-000041',
      status: 'triaged',
      holder: { agencyCode: 'KH-NP-AHTJP', unitCode: 'HOTLINE' },
      sharedIdentifiers: [{ kind: 'phone', value: '+85512000111' }],
      visible: true,
    },
  ],
  messages: [],
  files: [],
  abilities: ['tips.triage', 'tips.assign', 'tips.update_status', 'tips.message_reporter'],
};
