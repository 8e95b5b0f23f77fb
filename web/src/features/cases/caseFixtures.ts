import { AGENCY, meBody } from '../../testing/mockApi';

/** Synthetic cases for the component tests (no real people, places or numbers). */
export const UNIT_ID = '00000000-0000-4000-8000-0000000000c1';

export const INVESTIGATOR = meBody({
  id: '00000000-0000-4000-8000-0000000000a7',
  email: 'investigator@demo.karpear.test',
  displayName: 'Chan Vicheka',
  roles: ['investigator'],
  unit: { id: UNIT_ID, code: 'TCSE', nameEn: 'Specialist TCSE unit', nameKm: 'អង្គភាពជំនាញ TCSE' },
  abilities: ['cases.list', 'cases.create', 'cases.read', 'cases.my_work', 'cases.tasks.update'],
});

export const PLAN_CONTENT = {
  objectives: ['Identify the account holder'],
  suspectedOffences: ['online_exploitation'],
  linesOfEnquiry: [{ key: 'L1', title: 'Subscriber check', description: '' }],
  evidenceToGather: ['Subscriber records'],
  legalAuthorities: [],
  risksToChild: [],
  safeguardingActions: [],
  victimSupportPlan: '',
};

export const CASE = {
  id: '00000000-0000-4000-8000-0000000000e1',
  reference: 'TCSE-2026-0007',
  title: 'Synthetic online exploitation case',
  status: 'closed',
  offences: ['online_exploitation'],
  agencyId: AGENCY.id,
  unitId: UNIT_ID,
  handling: 'normal',
  leadId: INVESTIGATOR.id,
  createdAt: '2026-03-01T08:00:00.000Z',
  updatedAt: '2026-03-02T08:00:00.000Z',
  version: 4,
  summary: 'Synthetic summary.',
  closedReason: 'No further action',
  view: 'full',
  team: [
    {
      userId: INVESTIGATOR.id,
      displayName: INVESTIGATOR.displayName,
      agencyId: AGENCY.id,
      caseRole: 'lead',
      addedAt: '2026-03-01T08:00:00.000Z',
    },
  ],
  timeline: [],
  notes: [],
  tips: [],
  plan: { version: 1, status: 'draft', approvedVersion: null },
  tasks: [],
  abilities: [
    'cases.read_full',
    'cases.update',
    'cases.change_status',
    'cases.plans.read',
    'cases.plans.edit',
    'cases.tasks.create',
    'cases.tasks.update',
  ],
};

export const DRAFT = {
  id: '00000000-0000-4000-8000-0000000000f7',
  caseId: CASE.id,
  version: 1,
  status: 'draft',
  content: PLAN_CONTENT,
  createdBy: INVESTIGATOR.id,
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
  submittedAt: null,
  decidedBy: null,
  decidedAt: null,
  decisionReason: null,
  lockVersion: 3,
};
