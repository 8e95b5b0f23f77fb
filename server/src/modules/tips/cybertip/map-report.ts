import { FieldError } from './errors.ts';
import { boolField, dateTimeField, numberField } from './fields.ts';
import { phoneOf, readAddress, readDeviceId, readIpEvent, readParty, textOf } from './map-party.ts';
import {
  CYBERTIP_SOURCE,
  type CyberTipReport,
  type IncidentCategory,
  type InternetDetail,
  type UploadedFile,
} from './model.ts';
import type { Reader, XNode } from './tree.ts';

/** Maps a `report` node (from XML, or assembled from the JSON download) to the report model. */
const set = (names: string) => new Set(names.split(/\s+/).filter((n) => n.length > 0));

const KNOWN_REPORT =
  set(`reportId incidentSummary internetDetails lawEnforcement reporter personOrUserReported
  intendedRecipient victim additionalInfo fileDetails`);
const KNOWN_SUMMARY = set(
  'incidentType escalateToHighPriority reportAnnotations incidentDateTime incidentDateTimeDescription platform',
);
const KNOWN_LE = set(`agencyName caseNumber officerContact reportedToLe servedLegalProcessDomestic
  servedLegalProcessInternational fleaCountry`);
const KNOWN_REPORTER = set(`espName companyName reportingEsp reportingPerson contactPerson companyTemplate
  termsOfService legalURL legalUrl`);
const KNOWN_FILE =
  set(`reportId fileId fileName originalFileName locationOfFile fileViewedByEsp exifViewedByEsp
  publiclyAvailable fileRelevance fileAnnotations industryClassification originalFileHash ipCaptureEvent
  deviceId details additionalInfo`);

const REPORT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function readReport(r: Reader, root: XNode, format: CyberTipReport['format']): CyberTipReport {
  r.known(root, KNOWN_REPORT);
  const reportId = root.attrs.reportId ?? root.attrs.id ?? r.prop(root, 'reportId');
  const idPath = r.pathOf(root, 'reportId');
  if (reportId === null || reportId === undefined || reportId === '')
    throw new FieldError(idPath, 'missing report id');
  if (!REPORT_ID.test(reportId)) throw new FieldError(idPath, 'not a report id (letters, digits, - and _)');

  const summary = r.kid(root, 'incidentSummary');
  if (!summary) throw new FieldError(r.join(root, 'incidentSummary'), 'missing incident summary');
  const files = r.kids(root, 'fileDetails').map((n) => readFile(r, n, reportId));
  return {
    source: CYBERTIP_SOURCE,
    format,
    reportId,
    incident: readSummary(r, summary),
    reporter: readReporter(r, r.kid(root, 'reporter')),
    lawEnforcement: readLawEnforcement(r, r.kid(root, 'lawEnforcement')),
    internetDetails: r.kids(root, 'internetDetails').flatMap((n) => readInternetDetails(r, n)),
    personsReported: r
      .kids(root, 'personOrUserReported')
      .map((n) =>
        readParty(r, n, { personElement: 'personOrUserReportedPerson', keepStreet: true, victim: false }),
      ),
    intendedRecipients: r
      .kids(root, 'intendedRecipient')
      .map((n) =>
        readParty(r, n, { personElement: 'intendedRecipientPerson', keepStreet: false, victim: false }),
      ),
    victims: r
      .kids(root, 'victim')
      .map((n) => readParty(r, n, { personElement: 'victimPerson', keepStreet: false, victim: true })),
    files,
    additionalInfo: r.texts(root, 'additionalInfo'),
  };
}

function readSummary(r: Reader, node: XNode): CyberTipReport['incident'] {
  r.known(node, KNOWN_SUMMARY);
  const type = r.prop(node, 'incidentType');
  if (type === null) throw new FieldError(r.pathOf(node, 'incidentType'), 'missing incident type');
  const category = categoryOf(type);
  if (category === 'other')
    r.warn(r.pathOf(node, 'incidentType'), `unknown incident type "${type.slice(0, 80)}"`);
  const escalation = r.prop(node, 'escalateToHighPriority');
  const notEscalated = escalation === null || /^(?:false|no|0)$/i.test(escalation);
  const annotations = new Set<string>();
  for (const a of r.kids(node, 'reportAnnotations')) {
    if (a.text !== '') annotations.add(a.text);
    for (const c of a.children) if (c.text === '' || /^true$/i.test(c.text)) annotations.add(c.name);
  }
  const dateTime = dateTimeField(r, node, 'incidentDateTime');
  if (dateTime === null) r.warn(r.pathOf(node, 'incidentDateTime'), 'missing incident date and time');
  return {
    type,
    category,
    escalateToHighPriority: !notEscalated,
    escalationReason: notEscalated || /^(?:true|yes|1)$/i.test(escalation) ? null : escalation,
    annotations: [...annotations].sort(),
    dateTime,
    dateTimeDescription: r.prop(node, 'incidentDateTimeDescription'),
  };
}

const fold = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
const CATEGORY_BY_LABEL = new Map<string, IncidentCategory>([
  ['child pornography possession manufacture and distribution', 'csam'],
  ['child pornography', 'csam'],
  ['apparent child pornography', 'csam'],
  ['child sexual abuse material', 'csam'],
  ['child sex trafficking', 'child_sex_trafficking'],
  ['child sex tourism', 'child_sex_tourism'],
  ['child sexual molestation', 'child_sexual_molestation'],
  ['misleading domain name', 'misleading_domain_name'],
  ['misleading words or digital images on the internet', 'misleading_words_or_images'],
  ['online enticement of children for sexual acts', 'online_enticement'],
  ['online enticement of children for sexual act', 'online_enticement'],
  ['unsolicited obscene material sent to a child', 'unsolicited_obscene_material'],
]);

/** NCMEC's incident type label (or our category code) → category; unknown → `other`. */
export function categoryOf(type: string): IncidentCategory {
  const code = type.trim().toLowerCase();
  const byCode = CATEGORY_BY_LABEL.get(fold(code.replace(/_/g, ' ')));
  if (byCode) return byCode;
  for (const category of CATEGORY_BY_LABEL.values()) if (category === code) return category;
  return 'other';
}

function readReporter(r: Reader, node: XNode | undefined): CyberTipReport['reporter'] {
  if (!node) return { espName: null };
  r.known(node, KNOWN_REPORTER);
  return { espName: r.prop(node, 'espName') ?? r.prop(node, 'reportingEsp') ?? r.prop(node, 'companyName') };
}

function readLawEnforcement(r: Reader, node: XNode | undefined): CyberTipReport['lawEnforcement'] {
  if (!node) return null;
  r.known(node, KNOWN_LE);
  return {
    agencyName: r.prop(node, 'agencyName'),
    caseNumber: r.prop(node, 'caseNumber'),
    reportedToLe: boolField(r, node, 'reportedToLe'),
    servedLegalProcessDomestic: boolField(r, node, 'servedLegalProcessDomestic'),
    servedLegalProcessInternational: boolField(r, node, 'servedLegalProcessInternational'),
  };
}

const INCIDENT_KINDS: Record<string, InternetDetail['kind']> = {
  webPageIncident: 'web_page',
  emailIncident: 'email',
  newsgroupIncident: 'newsgroup',
  chatImIncident: 'chat_im',
  onlineGamingIncident: 'online_gaming',
  cellPhoneIncident: 'cell_phone',
  nonInternetIncident: 'non_internet',
  peer2peerIncident: 'peer_to_peer',
};

// What each incident element may hold; `content` and `additionalInfo` are known but not carried.
const INCIDENT_FIELDS: Record<InternetDetail['kind'], ReadonlySet<string>> = {
  web_page: set('url thirdPartyHostedContent additionalInfo'),
  email: set('emailAddress content additionalInfo'),
  newsgroup: set('name emailAddress content additionalInfo'),
  chat_im: set('chatClient chatRoomName content additionalInfo'),
  online_gaming: set('gameName console content additionalInfo'),
  cell_phone: set('phoneNumber latitude longitude additionalInfo'),
  non_internet: set('locationName incidentAddress additionalInfo'),
  peer_to_peer: set('client ipCaptureEvent fileNames fileName additionalInfo'),
};

function readInternetDetails(r: Reader, node: XNode): InternetDetail[] {
  r.known(node, new Set(Object.keys(INCIDENT_KINDS)));
  return node.children.flatMap((c): InternetDetail[] => {
    const p = (name: string) => r.prop(c, name);
    const kind = Object.hasOwn(INCIDENT_KINDS, c.name) ? INCIDENT_KINDS[c.name] : undefined;
    if (kind) r.known(c, INCIDENT_FIELDS[kind]);
    switch (kind) {
      case 'web_page':
        return [
          {
            kind: 'web_page',
            urls: r.texts(c, 'url'),
            thirdPartyHostedContent: boolField(r, c, 'thirdPartyHostedContent'),
          },
        ];
      case 'email':
        return [{ kind: 'email', emailAddresses: emailsOf(r, c) }];
      case 'newsgroup':
        return [{ kind: 'newsgroup', name: p('name'), emailAddresses: emailsOf(r, c) }];
      case 'chat_im':
        return [{ kind: 'chat_im', chatClient: p('chatClient'), chatRoomName: p('chatRoomName') }];
      case 'online_gaming':
        return [{ kind: 'online_gaming', gameName: p('gameName'), console: p('console') }];
      case 'cell_phone':
        return [
          {
            kind: 'cell_phone',
            phoneNumbers: r.kids(c, 'phoneNumber').flatMap((n) => phoneOf(r, n)),
            latitude: numberField(r, c, 'latitude', -90, 90),
            longitude: numberField(r, c, 'longitude', -180, 180),
          },
        ];
      case 'non_internet': {
        const address = r.kid(c, 'incidentAddress');
        return [
          {
            kind: 'non_internet',
            locationName: p('locationName'),
            address: address ? readAddress(r, address, true) : null,
          },
        ];
      }
      case 'peer_to_peer':
        return [
          {
            kind: 'peer_to_peer',
            client: p('client'),
            ipCaptureEvents: r.kids(c, 'ipCaptureEvent').flatMap((n) => readIpEvent(r, n)),
            fileNames: [...r.texts(c, 'fileNames'), ...r.texts(c, 'fileName')],
          },
        ];
      default:
        return [];
    }
  });
}

function emailsOf(r: Reader, node: XNode): string[] {
  return r.kids(node, 'emailAddress').flatMap((n) => textOf(r, n, ['email', 'value']));
}

const HASH_BY_LENGTH: Record<number, string> = { 32: 'MD5', 40: 'SHA1', 64: 'SHA256', 128: 'SHA512' };

function readFile(r: Reader, node: XNode, reportId: string): UploadedFile {
  r.known(node, KNOWN_FILE);
  const ownId = r.prop(node, 'reportId');
  if (ownId !== null && ownId !== reportId) {
    throw new FieldError(
      r.pathOf(node, 'reportId'),
      `belongs to report ${ownId.slice(0, 64)}, not ${reportId}`,
    );
  }
  const viewed = boolField(r, node, 'fileViewedByEsp');
  const hashes = r.kids(node, 'originalFileHash').flatMap((h) => {
    const [raw] = textOf(r, h, ['value', 'hash']);
    if (raw === undefined) return [];
    const value = /^[0-9a-fA-F]+$/.test(raw) ? raw.toLowerCase() : raw;
    const hashType = r.prop(h, 'hashType') ?? HASH_BY_LENGTH[value.length] ?? 'unknown';
    return [{ hashType, value }];
  });
  const annotations = r
    .kids(node, 'fileAnnotations')
    .flatMap((a) => (a.text !== '' ? [a.text] : a.children.map((c) => c.name)));
  return {
    fileId: r.prop(node, 'fileId'),
    fileName: r.prop(node, 'fileName'),
    originalFileName: r.prop(node, 'originalFileName'),
    locationOfFile: r.prop(node, 'locationOfFile'),
    fileViewedByEsp: viewed,
    exifViewedByEsp: boolField(r, node, 'exifViewedByEsp'),
    publiclyAvailable: boolField(r, node, 'publiclyAvailable'),
    fileRelevance: r.prop(node, 'fileRelevance'),
    fileAnnotations: [...new Set(annotations)].sort(),
    originalFileHashes: hashes,
    ipCaptureEvents: r.kids(node, 'ipCaptureEvent').flatMap((n) => readIpEvent(r, n)),
    deviceIds: r.kids(node, 'deviceId').flatMap((n) => readDeviceId(r, n)),
    requiresLegalAuthority: viewed !== true,
  };
}
