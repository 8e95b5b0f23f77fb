import type {
  Address,
  CyberTipReport,
  DeviceId,
  EstimatedLocation,
  InternetDetail,
  IpCaptureEvent,
  Party,
  UploadedFile,
} from './model.ts';

/**
 * Writes a report model as ESP-report XML or as the law-enforcement JSON layout `parseCyberTip` reads.
 * For the synthetic generator and round-trip tests: `parse(write(report))` gives `report` back.
 */
type Value = string | number | boolean | null | undefined;

const escapeXml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

function el(name: string, content: Value | string[], attrs: Record<string, Value> = {}): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
  if (content === null || content === undefined) return a ? `<${name}${a}/>` : '';
  const inner = Array.isArray(content) ? content.join('') : escapeXml(String(content));
  return `<${name}${a}>${inner}</${name}>`;
}
const els = (name: string, values: Value[]) => values.map((v) => el(name, v)).join('');

function ipXml(e: IpCaptureEvent): string {
  return el('ipCaptureEvent', [
    el('ipAddress', e.ipAddress),
    el('eventName', e.eventName),
    el('dateTime', e.dateTime),
    el('possibleProxy', e.possibleProxy),
    el('port', e.port),
  ]);
}
const deviceXml = (d: DeviceId) =>
  el('deviceId', [
    el('idType', d.idType),
    el('idValue', d.idValue),
    el('eventName', d.eventName),
    el('dateTime', d.dateTime),
  ]);
const addressXml = (name: string, a: Address) =>
  el(
    name,
    [
      el('address', a.street),
      el('city', a.city),
      el('zipCode', a.postalCode),
      el('nonUsaState', a.region),
      el('country', a.country),
    ],
    { type: a.type },
  );
function locationXml(l: EstimatedLocation | null): string {
  if (!l) return '';
  return el(
    'estimatedLocation',
    [
      el('city', l.city),
      el('region', l.region),
      el('countryCode', l.countryCode),
      el('timestamp', l.timestamp),
    ],
    { verified: l.verified },
  );
}

function partyXml(name: string, personElement: string, p: Party): string {
  const person = [
    el('firstName', p.firstName),
    el('lastName', p.lastName),
    els('phone', p.phones),
    els('email', p.emails),
    ...p.addresses.map((a) => addressXml('address', a)),
    el('age', p.age),
    el('dateOfBirth', p.dateOfBirth),
  ].join('');
  return el(name, [
    person ? el(personElement, [person]) : '',
    els('espIdentifier', p.espIdentifiers),
    el('espService', p.espService),
    els('screenName', p.screenNames),
    els('displayName', p.displayNames),
    els('profileUrl', p.profileUrls),
    ...p.ipCaptureEvents.map(ipXml),
    ...p.deviceIds.map(deviceXml),
    el('thirdPartyUserReported', p.thirdPartyUser),
    els('priorCTReports', p.priorCTReports),
    els('groupIdentifier', p.groupIdentifiers),
    locationXml(p.estimatedLocation),
    el('schoolName', p.schoolName),
  ]);
}

function incidentXml(d: InternetDetail): string {
  switch (d.kind) {
    case 'web_page':
      return el('webPageIncident', [els('url', d.urls)], {
        thirdPartyHostedContent: d.thirdPartyHostedContent,
      });
    case 'email':
      return el('emailIncident', [els('emailAddress', d.emailAddresses)]);
    case 'newsgroup':
      return el('newsgroupIncident', [el('name', d.name), els('emailAddress', d.emailAddresses)]);
    case 'chat_im':
      return el('chatImIncident', [el('chatClient', d.chatClient), el('chatRoomName', d.chatRoomName)]);
    case 'online_gaming':
      return el('onlineGamingIncident', [el('gameName', d.gameName), el('console', d.console)]);
    case 'cell_phone':
      return el('cellPhoneIncident', [
        els('phoneNumber', d.phoneNumbers),
        el('latitude', d.latitude),
        el('longitude', d.longitude),
      ]);
    case 'non_internet':
      return el('nonInternetIncident', [
        el('locationName', d.locationName),
        d.address ? addressXml('incidentAddress', d.address) : '',
      ]);
    case 'peer_to_peer':
      return el('peer2peerIncident', [
        el('client', d.client),
        ...d.ipCaptureEvents.map(ipXml),
        els('fileNames', d.fileNames),
      ]);
  }
}

function fileXml(reportId: string, f: UploadedFile): string {
  return el('fileDetails', [
    el('reportId', reportId),
    el('fileId', f.fileId),
    el('fileName', f.fileName),
    el('originalFileName', f.originalFileName),
    el('locationOfFile', f.locationOfFile),
    el('fileViewedByEsp', f.fileViewedByEsp),
    el('exifViewedByEsp', f.exifViewedByEsp),
    el('publiclyAvailable', f.publiclyAvailable),
    el('fileRelevance', f.fileRelevance),
    f.fileAnnotations.length > 0
      ? el(
          'fileAnnotations',
          f.fileAnnotations.map((a) => `<${a}/>`),
        )
      : '',
    ...f.originalFileHashes.map((h) => el('originalFileHash', h.value, { hashType: h.hashType })),
    ...f.ipCaptureEvents.map(ipXml),
    ...f.deviceIds.map(deviceXml),
  ]);
}

export function writeCyberTipXml(r: CyberTipReport): string {
  const i = r.incident;
  const escalation = i.escalateToHighPriority ? (i.escalationReason ?? 'true') : null;
  const le = r.lawEnforcement;
  const body = [
    el('reportId', r.reportId),
    el('incidentSummary', [
      el('incidentType', i.type),
      el('escalateToHighPriority', escalation),
      i.annotations.length > 0
        ? el(
            'reportAnnotations',
            i.annotations.map((a) => `<${a}/>`),
          )
        : '',
      el('incidentDateTime', i.dateTime),
      el('incidentDateTimeDescription', i.dateTimeDescription),
    ]),
    ...r.internetDetails.map((d) => el('internetDetails', [incidentXml(d)])),
    le
      ? el('lawEnforcement', [
          el('agencyName', le.agencyName),
          el('caseNumber', le.caseNumber),
          el('reportedToLe', le.reportedToLe),
          el('servedLegalProcessDomestic', le.servedLegalProcessDomestic),
          el('servedLegalProcessInternational', le.servedLegalProcessInternational),
        ])
      : '',
    r.reporter.espName ? el('reporter', [el('espName', r.reporter.espName)]) : '',
    ...r.personsReported.map((p) => partyXml('personOrUserReported', 'personOrUserReportedPerson', p)),
    ...r.intendedRecipients.map((p) => partyXml('intendedRecipient', 'intendedRecipientPerson', p)),
    ...r.victims.map((p) => partyXml('victim', 'victimPerson', p)),
    els('additionalInfo', r.additionalInfo),
    ...r.files.map((f) => fileXml(r.reportId, f)),
  ].join('\n  ');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<report>\n  ${body}\n</report>\n`;
}

/** Drops nulls and empty arrays so the JSON looks like a real download. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = compact(v);
  }
  return out;
}

const partyJson = ({ ipCaptureEvents, deviceIds, thirdPartyUser, ...rest }: Party) => ({
  ...rest,
  ipCaptureEvents,
  deviceIds,
  thirdPartyUserReported: thirdPartyUser,
});

const INCIDENT_KEY: Record<InternetDetail['kind'], string> = {
  web_page: 'webPageIncident',
  email: 'emailIncident',
  newsgroup: 'newsgroupIncident',
  chat_im: 'chatImIncident',
  online_gaming: 'onlineGamingIncident',
  cell_phone: 'cellPhoneIncident',
  non_internet: 'nonInternetIncident',
  peer_to_peer: 'peer2peerIncident',
};

export function writeCyberTipJson(r: CyberTipReport): string {
  const i = r.incident;
  const doc = {
    reportId: r.reportId,
    incidentSummary: {
      incidentType: i.type,
      escalateToHighPriority: i.escalateToHighPriority ? (i.escalationReason ?? true) : null,
      reportAnnotations: i.annotations,
      incidentDateTime: i.dateTime,
      incidentDateTimeDescription: i.dateTimeDescription,
    },
    sourceInformation: r.reporter.espName ? { espName: r.reporter.espName } : null,
    reportedInformation: {
      reportedPeople: {
        reportedPersons: r.personsReported.map(partyJson),
        intendedRecipients: r.intendedRecipients.map(partyJson),
        victims: r.victims.map(partyJson),
      },
      internetDetails: r.internetDetails.map(({ kind, ...rest }) => ({
        [INCIDENT_KEY[kind]]:
          kind === 'non_internet' && 'address' in rest
            ? { locationName: rest.locationName, incidentAddress: rest.address }
            : rest,
      })),
      uploadedFiles: r.files.map(({ originalFileHashes, requiresLegalAuthority: _, ...f }) => ({
        reportId: r.reportId,
        ...f,
        originalFileHashes,
      })),
      lawEnforcement: r.lawEnforcement,
      additionalInformation: r.additionalInfo,
    },
  };
  return `${JSON.stringify(compact(doc), null, 2)}\n`;
}
