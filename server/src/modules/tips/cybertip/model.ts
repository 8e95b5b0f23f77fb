import { z } from 'zod';

/**
 * One CyberTipline report, whatever it came as (ESP-report XML or the law-enforcement JSON download).
 * Identifier strings (e-mails, phones, IPs, screen names, URLs…) are kept as the report gives them,
 * trimmed; `identifiersOf` normalises them for linking. Values we interpret — dates (ISO 8601, UTC),
 * ages, booleans, ports, coordinates — are validated. Narrative content (`content` of incidents,
 * profile bios, per-section notes) is not carried; the report-level `additionalInfo` is.
 */
export const CYBERTIP_SOURCE = 'ncmec_cybertipline' as const;

const isoDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const text = z.string().min(1);

export const INCIDENT_CATEGORIES = [
  'csam',
  'child_sex_trafficking',
  'child_sex_tourism',
  'child_sexual_molestation',
  'misleading_domain_name',
  'misleading_words_or_images',
  'online_enticement',
  'unsolicited_obscene_material',
  'other',
] as const;
export const incidentCategorySchema = z.enum(INCIDENT_CATEGORIES);
export type IncidentCategory = z.infer<typeof incidentCategorySchema>;

export const ipCaptureEventSchema = z.object({
  ipAddress: text,
  eventName: text.nullable(),
  dateTime: isoDateTime.nullable(),
  port: z.number().int().min(0).max(65535).nullable(),
  possibleProxy: z.boolean().nullable(),
});
export type IpCaptureEvent = z.infer<typeof ipCaptureEventSchema>;

export const deviceIdSchema = z.object({
  idType: text.nullable(),
  idValue: text,
  eventName: text.nullable(),
  dateTime: isoDateTime.nullable(),
});
export type DeviceId = z.infer<typeof deviceIdSchema>;

export const estimatedLocationSchema = z.object({
  countryCode: text.nullable(),
  region: text.nullable(),
  city: text.nullable(),
  verified: z.boolean().nullable(),
  timestamp: isoDateTime.nullable(),
});
export type EstimatedLocation = z.infer<typeof estimatedLocationSchema>;

/** Street and postal code are dropped for victims and intended recipients (need to know). */
export const addressSchema = z.object({
  type: text.nullable(),
  street: text.nullable(),
  city: text.nullable(),
  region: text.nullable(),
  postalCode: text.nullable(),
  country: text.nullable(),
});
export type Address = z.infer<typeof addressSchema>;

/** A reported person/user, an intended recipient or a victim. */
export const partySchema = z.object({
  firstName: text.nullable(),
  lastName: text.nullable(),
  emails: z.array(text),
  phones: z.array(text),
  addresses: z.array(addressSchema),
  age: z.number().int().min(0).max(120).nullable(),
  dateOfBirth: isoDate.nullable(),
  screenNames: z.array(text),
  displayNames: z.array(text),
  espIdentifiers: z.array(text),
  espService: text.nullable(),
  profileUrls: z.array(text),
  ipCaptureEvents: z.array(ipCaptureEventSchema),
  deviceIds: z.array(deviceIdSchema),
  estimatedLocation: estimatedLocationSchema.nullable(),
  priorCTReports: z.array(text),
  groupIdentifiers: z.array(text),
  thirdPartyUser: z.boolean().nullable(),
  /** Victims only. */
  schoolName: text.nullable(),
});
export type Party = z.infer<typeof partySchema>;

/** A party with nothing known, to fill in (operator intake, generators). */
export function emptyParty(): Party {
  const party: Record<string, unknown> = {};
  for (const key of Object.keys(partySchema.shape)) party[key] = null;
  for (const key of LIST_FIELDS) party[key] = [];
  return party as Party;
}
const LIST_FIELDS = [
  'emails',
  'phones',
  'addresses',
  'screenNames',
  'displayNames',
  'espIdentifiers',
  'profileUrls',
  'ipCaptureEvents',
  'deviceIds',
  'priorCTReports',
  'groupIdentifiers',
] as const;

export const internetDetailSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('web_page'),
    urls: z.array(text),
    thirdPartyHostedContent: z.boolean().nullable(),
  }),
  z.object({ kind: z.literal('email'), emailAddresses: z.array(text) }),
  z.object({ kind: z.literal('newsgroup'), name: text.nullable(), emailAddresses: z.array(text) }),
  z.object({ kind: z.literal('chat_im'), chatClient: text.nullable(), chatRoomName: text.nullable() }),
  z.object({ kind: z.literal('online_gaming'), gameName: text.nullable(), console: text.nullable() }),
  z.object({
    kind: z.literal('cell_phone'),
    phoneNumbers: z.array(text),
    latitude: z.number().min(-90).max(90).nullable(),
    longitude: z.number().min(-180).max(180).nullable(),
  }),
  z.object({
    kind: z.literal('non_internet'),
    locationName: text.nullable(),
    address: addressSchema.nullable(),
  }),
  z.object({
    kind: z.literal('peer_to_peer'),
    client: text.nullable(),
    ipCaptureEvents: z.array(ipCaptureEventSchema),
    fileNames: z.array(text),
  }),
]);
export type InternetDetail = z.infer<typeof internetDetailSchema>;

export const fileHashSchema = z.object({ hashType: text, value: text });

export const uploadedFileSchema = z.object({
  fileId: text.nullable(),
  fileName: text.nullable(),
  originalFileName: text.nullable(),
  locationOfFile: text.nullable(),
  /** null = the report did not say (treated like false). */
  fileViewedByEsp: z.boolean().nullable(),
  exifViewedByEsp: z.boolean().nullable(),
  publiclyAvailable: z.boolean().nullable(),
  fileRelevance: text.nullable(),
  fileAnnotations: z.array(text),
  originalFileHashes: z.array(fileHashSchema),
  ipCaptureEvents: z.array(ipCaptureEventSchema),
  deviceIds: z.array(deviceIdSchema),
  /** The platform did not view the file: nobody may open it until a legal authority is recorded. */
  requiresLegalAuthority: z.boolean(),
});
export type UploadedFile = z.infer<typeof uploadedFileSchema>;

export const cyberTipReportSchema = z.object({
  source: z.literal(CYBERTIP_SOURCE),
  format: z.enum(['esp_xml', 'le_json']),
  reportId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/),
  incident: z.object({
    type: text,
    category: incidentCategorySchema,
    escalateToHighPriority: z.boolean(),
    escalationReason: text.nullable(),
    annotations: z.array(text),
    dateTime: isoDateTime.nullable(),
    dateTimeDescription: text.nullable(),
  }),
  reporter: z.object({ espName: text.nullable() }),
  lawEnforcement: z
    .object({
      agencyName: text.nullable(),
      caseNumber: text.nullable(),
      reportedToLe: z.boolean().nullable(),
      servedLegalProcessDomestic: z.boolean().nullable(),
      servedLegalProcessInternational: z.boolean().nullable(),
    })
    .nullable(),
  internetDetails: z.array(internetDetailSchema),
  personsReported: z.array(partySchema),
  intendedRecipients: z.array(partySchema),
  victims: z.array(partySchema),
  files: z.array(uploadedFileSchema),
  additionalInfo: z.array(text),
});
export type CyberTipReport = z.infer<typeof cyberTipReportSchema>;

/** The idempotency key: re-importing a report with the same key changes nothing, whether it came as
 * XML or JSON. */
export function reportKey(report: Pick<CyberTipReport, 'source' | 'reportId'>): string {
  return `${report.source}:${report.reportId}`;
}
