import fc from 'fast-check';
import { categoryOf } from './map-report.ts';
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

/** fast-check arbitraries of report models, as the parser returns them (for round-trip tests). */
/** Text as the parser gives it back: trimmed, non-empty, any script, XML-special characters included. */
const word = fc.string({
  unit: fc.constantFrom(...'abcXYZ019_.-@:/&<>"\'éសុខ日'),
  minLength: 1,
  maxLength: 12,
});
const text = fc
  .tuple(word, fc.option(word, { nil: undefined }))
  .map(([a, b]) => (b ? `${a} ${b}` : a))
  .filter((t) => !/^(?:true|false|yes|no|1|0)$/i.test(t));
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const list = <T>(a: fc.Arbitrary<T>) => fc.array(a, { maxLength: 2 });
const isoDateTime = fc
  .integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2099, 11, 31) })
  .map((ms) => new Date(ms).toISOString());
const isoDate = isoDateTime.map((s) => s.slice(0, 10));
const bool = opt(fc.boolean());

const ipEvent: fc.Arbitrary<IpCaptureEvent> = fc.record({
  ipAddress: text,
  eventName: opt(fc.constantFrom('Login', 'Upload', 'Registration')),
  dateTime: opt(isoDateTime),
  port: opt(fc.integer({ min: 0, max: 65535 })),
  possibleProxy: bool,
});
const deviceId: fc.Arbitrary<DeviceId> = fc.record({
  idType: opt(fc.constantFrom('IMEI', 'ICCID', 'MAC')),
  idValue: text,
  eventName: opt(text),
  dateTime: opt(isoDateTime),
});
const location: fc.Arbitrary<EstimatedLocation> = fc.record({
  countryCode: opt(fc.constantFrom('KH', 'TH', 'US')),
  region: opt(text),
  city: opt(text),
  verified: bool,
  timestamp: opt(isoDateTime),
});
const address = (keepStreet: boolean): fc.Arbitrary<Address> =>
  fc.record({
    type: opt(fc.constantFrom('Home', 'Business')),
    street: keepStreet ? opt(text) : fc.constant(null),
    city: opt(text),
    region: opt(text),
    postalCode: keepStreet ? opt(text) : fc.constant(null),
    country: opt(text),
  });
const party = (role: 'reported' | 'recipient' | 'victim'): fc.Arbitrary<Party> =>
  fc.record({
    firstName: opt(text),
    lastName: opt(text),
    emails: list(text),
    phones: list(text),
    addresses: list(address(role === 'reported')),
    age: opt(fc.integer({ min: 0, max: 120 })),
    dateOfBirth: opt(isoDate),
    screenNames: list(text),
    displayNames: list(text),
    espIdentifiers: list(text),
    espService: opt(text),
    profileUrls: list(text),
    ipCaptureEvents: list(ipEvent),
    deviceIds: list(deviceId),
    estimatedLocation: opt(location),
    priorCTReports: list(fc.integer({ min: 1, max: 1e9 }).map(String)),
    groupIdentifiers: list(text),
    thirdPartyUser: bool,
    schoolName: role === 'victim' ? opt(text) : fc.constant(null),
  });
const coordinate = (max: number) => fc.integer({ min: -max * 1e4, max: max * 1e4 }).map((n) => n / 1e4 + 0);
const internetDetail: fc.Arbitrary<InternetDetail> = fc.oneof(
  fc.record({ kind: fc.constant('web_page' as const), urls: list(text), thirdPartyHostedContent: bool }),
  fc.record({ kind: fc.constant('email' as const), emailAddresses: list(text) }),
  fc.record({ kind: fc.constant('newsgroup' as const), name: opt(text), emailAddresses: list(text) }),
  fc.record({ kind: fc.constant('chat_im' as const), chatClient: opt(text), chatRoomName: opt(text) }),
  fc.record({ kind: fc.constant('online_gaming' as const), gameName: opt(text), console: opt(text) }),
  fc.record({
    kind: fc.constant('cell_phone' as const),
    phoneNumbers: list(text),
    latitude: opt(coordinate(90)),
    longitude: opt(coordinate(180)),
  }),
  fc.record({
    kind: fc.constant('non_internet' as const),
    locationName: opt(text),
    address: opt(address(true)),
  }),
  fc.record({
    kind: fc.constant('peer_to_peer' as const),
    client: opt(text),
    ipCaptureEvents: list(ipEvent),
    fileNames: list(text),
  }),
);
const file: fc.Arbitrary<UploadedFile> = fc
  .record({
    fileId: opt(text),
    fileName: opt(text),
    originalFileName: opt(text),
    locationOfFile: opt(text),
    fileViewedByEsp: bool,
    exifViewedByEsp: bool,
    publiclyAvailable: bool,
    fileRelevance: opt(fc.constantFrom('Reported', 'Supplemental Reported')),
    fileAnnotations: fc
      .uniqueArray(fc.constantFrom('infant', 'liveStreaming', 'potentialMeme', 'viral'), { maxLength: 3 })
      .map((a) => a.sort()),
    originalFileHashes: list(
      fc.record({
        hashType: fc.constantFrom('MD5', 'SHA1'),
        value: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 }),
      }),
    ),
    ipCaptureEvents: list(ipEvent),
    deviceIds: list(deviceId),
    requiresLegalAuthority: fc.constant(true),
  })
  .map((f) => ({ ...f, requiresLegalAuthority: f.fileViewedByEsp !== true }));

export const reportArbitrary: fc.Arbitrary<CyberTipReport> = fc
  .record({
    reportId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,20}$/),
    type: fc.constantFrom(
      'Child Sex Tourism',
      'online_enticement',
      'Apparent Child Pornography',
      'Something Else',
    ),
    escalationReason: opt(text),
    escalated: fc.boolean(),
    annotations: fc.uniqueArray(
      fc.constantFrom('csamSolicitation', 'minorToMinorInteraction', 'sextortion', 'spam'),
      { maxLength: 4 },
    ),
    dateTime: opt(isoDateTime),
    dateTimeDescription: opt(text),
    espName: opt(text),
    lawEnforcement: opt(
      fc.record({
        agencyName: opt(text),
        caseNumber: opt(text),
        reportedToLe: bool,
        servedLegalProcessDomestic: bool,
        servedLegalProcessInternational: bool,
      }),
    ),
    internetDetails: list(internetDetail),
    personsReported: list(party('reported')),
    intendedRecipients: list(party('recipient')),
    victims: list(party('victim')),
    files: list(file),
    additionalInfo: list(text),
  })
  .map(
    ({
      type,
      escalated,
      escalationReason,
      annotations,
      dateTime,
      dateTimeDescription,
      espName,
      ...rest
    }) => ({
      source: 'ncmec_cybertipline' as const,
      format: 'esp_xml' as const,
      ...rest,
      incident: {
        type,
        category: categoryOf(type),
        escalateToHighPriority: escalated,
        escalationReason: escalated ? escalationReason : null,
        annotations: [...annotations].sort(),
        dateTime,
        dateTimeDescription,
      },
      reporter: { espName },
    }),
  );
