import type { AgencyType, Role } from '@karpear/contracts';

/**
 * Synthetic demo organisations and people. Agencies are the kinds of institution that use Karpear;
 * every person is invented. Nothing here describes a real case or a real individual.
 */
export interface DemoAgency {
  code: string;
  type: AgencyType;
  nameEn: string;
  nameKm: string;
  country: string;
  units: Array<{ code: string; nameEn: string; nameKm: string; province?: string; isSpecialist?: boolean }>;
}

export const DEMO_AGENCIES: DemoAgency[] = [
  {
    code: 'KH-NP-AHTJP',
    type: 'police',
    nameEn: 'National Police — Anti-Human Trafficking and Juvenile Protection',
    nameKm: 'នគរបាលជាតិ — នាយកដ្ឋានប្រឆាំងការជួញដូរមនុស្ស និងការពារអនីតិជន',
    country: 'KH',
    units: [
      {
        code: 'TCSE',
        nameEn: 'Specialist TCSE unit',
        nameKm: 'អង្គភាពជំនាញ TCSE',
        province: 'Phnom Penh',
        isSpecialist: true,
      },
      { code: 'HOTLINE', nameEn: 'Hotline desk', nameKm: 'ផ្នែកទូរស័ព្ទទាន់ហេតុការណ៍', province: 'Phnom Penh' },
    ],
  },
  {
    code: 'KH-PP-SIEMREAP',
    type: 'police',
    nameEn: 'Siem Reap Provincial Police',
    nameKm: 'ស្នងការដ្ឋាននគរបាលខេត្តសៀមរាប',
    country: 'KH',
    units: [
      {
        code: 'AHT-SR',
        nameEn: 'Anti-trafficking office, Siem Reap',
        nameKm: 'ការិយាល័យប្រឆាំងការជួញដូរមនុស្ស សៀមរាប',
        province: 'Siem Reap',
      },
    ],
  },
  {
    code: 'KH-PP-SIHANOUK',
    type: 'police',
    nameEn: 'Preah Sihanouk Provincial Police',
    nameKm: 'ស្នងការដ្ឋាននគរបាលខេត្តព្រះសីហនុ',
    country: 'KH',
    units: [
      {
        code: 'AHT-PS',
        nameEn: 'Anti-trafficking office, Preah Sihanouk',
        nameKm: 'ការិយាល័យប្រឆាំងការជួញដូរមនុស្ស ព្រះសីហនុ',
        province: 'Preah Sihanouk',
      },
    ],
  },
  {
    code: 'KH-PROS-PP',
    type: 'prosecution',
    nameEn: 'Phnom Penh Prosecution Office',
    nameKm: 'អយ្យការអមសាលាដំបូងរាជធានីភ្នំពេញ',
    country: 'KH',
    units: [],
  },
  {
    code: 'KH-GDI',
    type: 'immigration',
    nameEn: 'General Department of Immigration',
    nameKm: 'អគ្គនាយកដ្ឋានអន្តោប្រវេសន៍',
    country: 'KH',
    units: [
      {
        code: 'BORDER-PNH',
        nameEn: 'Border desk, Phnom Penh airport',
        nameKm: 'ច្រកព្រំដែន អាកាសយានដ្ឋានភ្នំពេញ',
        province: 'Phnom Penh',
      },
    ],
  },
  {
    code: 'KH-NCCT',
    type: 'ncct',
    nameEn: 'National Committee for Counter Trafficking',
    nameKm: 'គណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស',
    country: 'KH',
    units: [],
  },
  {
    code: 'NGO-LOTUS',
    type: 'ngo',
    nameEn: 'Lotus Children Support (demo NGO)',
    nameKm: 'អង្គការគាំទ្រកុមារផ្កាឈូក (សាកល្បង)',
    country: 'KH',
    units: [],
  },
  {
    code: 'NGO-RIVER',
    type: 'ngo',
    nameEn: 'River Light Family Care (demo NGO)',
    nameKm: 'អង្គការថែទាំគ្រួសារពន្លឺទន្លេ (សាកល្បង)',
    country: 'KH',
    units: [],
  },
  {
    code: 'XF-LIAISON',
    type: 'foreign',
    nameEn: 'Overseas Police Liaison Office (demo)',
    nameKm: 'ការិយាល័យទំនាក់ទំនងនគរបាលបរទេស (សាកល្បង)',
    country: 'AU',
    units: [],
  },
  {
    code: 'KH-OVERSIGHT',
    type: 'other',
    nameEn: 'Oversight Inspectorate (demo)',
    nameKm: 'អធិការដ្ឋានត្រួតពិនិត្យ (សាកល្បង)',
    country: 'KH',
    units: [],
  },
  {
    code: 'KH-KARPEAR-OPS',
    type: 'other',
    nameEn: 'Karpear system operations',
    nameKm: 'ប្រតិបត្តិការប្រព័ន្ធការពារ',
    country: 'KH',
    units: [],
  },
];

export interface DemoUser {
  email: string;
  name: string;
  roles: Role[];
  agency: string;
  unit?: string;
}

/** One user per role in PRODUCT.md, plus a second police agency's investigator for isolation checks. */
export const DEMO_USERS: DemoUser[] = [
  {
    email: 'operator@demo.karpear.test',
    name: 'Sok Dara',
    roles: ['hotline_operator'],
    agency: 'KH-NP-AHTJP',
    unit: 'HOTLINE',
  },
  {
    email: 'investigator@demo.karpear.test',
    name: 'Chan Sophea',
    roles: ['investigator'],
    agency: 'KH-NP-AHTJP',
    unit: 'TCSE',
  },
  {
    email: 'supervisor@demo.karpear.test',
    name: 'Keo Vannak',
    roles: ['unit_supervisor'],
    agency: 'KH-NP-AHTJP',
    unit: 'TCSE',
  },
  {
    email: 'analyst@demo.karpear.test',
    name: 'Lim Sreymom',
    roles: ['intel_analyst'],
    agency: 'KH-NP-AHTJP',
    unit: 'TCSE',
  },
  {
    email: 'custodian@demo.karpear.test',
    name: 'Phan Rithy',
    roles: ['evidence_custodian'],
    agency: 'KH-NP-AHTJP',
    unit: 'TCSE',
  },
  {
    email: 'interviewer@demo.karpear.test',
    name: 'Meas Bopha',
    roles: ['forensic_interviewer'],
    agency: 'KH-NP-AHTJP',
    unit: 'TCSE',
  },
  {
    email: 'victim.support@demo.karpear.test',
    name: 'Nhem Sokha',
    roles: ['victim_support_officer'],
    agency: 'NGO-LOTUS',
  },
  { email: 'prosecutor@demo.karpear.test', name: 'Ouk Chanthy', roles: ['prosecutor'], agency: 'KH-PROS-PP' },
  {
    email: 'immigration@demo.karpear.test',
    name: 'Heng Pisey',
    roles: ['immigration_officer'],
    agency: 'KH-GDI',
    unit: 'BORDER-PNH',
  },
  { email: 'ncct@demo.karpear.test', name: 'Tep Malis', roles: ['ncct_coordinator'], agency: 'KH-NCCT' },
  {
    email: 'caseworker@demo.karpear.test',
    name: 'Yim Sovann',
    roles: ['ngo_caseworker'],
    agency: 'NGO-RIVER',
  },
  { email: 'liaison@demo.karpear.test', name: 'Alex Demo', roles: ['liaison_officer'], agency: 'XF-LIAISON' },
  { email: 'trainer@demo.karpear.test', name: 'Srey Leakena', roles: ['trainer'], agency: 'KH-NCCT' },
  { email: 'auditor@demo.karpear.test', name: 'Kim Sambath', roles: ['auditor'], agency: 'KH-OVERSIGHT' },
  {
    email: 'agency.admin@demo.karpear.test',
    name: 'Pich Rotha',
    roles: ['agency_admin'],
    agency: 'KH-NP-AHTJP',
  },
  {
    email: 'system.admin@demo.karpear.test',
    name: 'Ros Veasna',
    roles: ['system_admin'],
    agency: 'KH-KARPEAR-OPS',
  },
  {
    email: 'investigator.siemreap@demo.karpear.test',
    name: 'Touch Kosal',
    roles: ['investigator'],
    agency: 'KH-PP-SIEMREAP',
    unit: 'AHT-SR',
  },
];
