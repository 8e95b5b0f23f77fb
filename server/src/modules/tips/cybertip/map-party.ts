import { ageField, boolField, dateField, dateTimeField, intField } from './fields.ts';
import type { Address, DeviceId, EstimatedLocation, IpCaptureEvent, Party } from './model.ts';
import type { Reader, XNode } from './tree.ts';

/** Reading persons/users (reported, intended recipients, victims) and their online traces. */
const set = (names: string) => new Set(names.split(/\s+/).filter((n) => n.length > 0));

const PERSON_FIELDS = 'firstName lastName phone email address age dateOfBirth';
const PARTY_FIELDS = `${PERSON_FIELDS} vehicleDescription espIdentifier espService screenName displayName profileUrl
  profileBio ipCaptureEvent deviceId thirdPartyUserReported thirdPartyUser priorCTReports groupIdentifier
  estimatedLocation additionalInfo accountTemporarilyDisabled accountPermanentlyDisabled
  accountTemporarilyDisabledDate accountPermanentlyDisabledDate schoolName`;
const KNOWN_PERSON = set(PERSON_FIELDS);
const KNOWN_IP = set('ipAddress eventName dateTime possibleProxy port');
const KNOWN_DEVICE = set('idType idValue eventName dateTime');
const KNOWN_LOCATION = set('city region countryCode country verified timestamp');
const KNOWN_ADDRESS = set('type address street city zipCode postalCode state nonUsaState region country');

export interface PartyOptions {
  /** The element holding the person's details: `personOrUserReportedPerson`, `victimPerson`… */
  personElement: string;
  /** Keep street and postal code (reported persons only). */
  keepStreet: boolean;
  victim: boolean;
}

export function readParty(r: Reader, node: XNode, opts: PartyOptions): Party {
  r.known(node, set(`${PARTY_FIELDS} ${opts.personElement}`));
  const nested = r.kid(node, opts.personElement);
  if (nested) r.known(nested, KNOWN_PERSON);
  const person = nested ?? node;
  const ipNodes = r.kids(node, 'ipCaptureEvent');
  return {
    firstName: r.prop(person, 'firstName'),
    lastName: r.prop(person, 'lastName'),
    emails: r.kids(person, 'email').flatMap((n) => textOf(r, n, ['email', 'value'])),
    phones: r.kids(person, 'phone').flatMap((n) => phoneOf(r, n)),
    addresses: r.kids(person, 'address').map((n) => readAddress(r, n, opts.keepStreet)),
    age: ageField(r, person, 'age'),
    dateOfBirth: dateField(r, person, 'dateOfBirth'),
    screenNames: r.texts(node, 'screenName'),
    displayNames: r.texts(node, 'displayName'),
    espIdentifiers: r.texts(node, 'espIdentifier'),
    espService: r.prop(node, 'espService'),
    profileUrls: r.texts(node, 'profileUrl'),
    ipCaptureEvents: ipNodes.flatMap((n) => readIpEvent(r, n)),
    deviceIds: r.kids(node, 'deviceId').flatMap((n) => readDeviceId(r, n)),
    estimatedLocation: readLocation(r, r.kid(node, 'estimatedLocation')),
    priorCTReports: r.texts(node, 'priorCTReports'),
    groupIdentifiers: r.texts(node, 'groupIdentifier'),
    thirdPartyUser: boolField(r, node, 'thirdPartyUserReported') ?? boolField(r, node, 'thirdPartyUser'),
    schoolName: opts.victim ? r.prop(node, 'schoolName') : null,
  };
}

/** The text of a value element, or of its `value`-like child in JSON (`{"email": "…", "verified": true}`). */
export function textOf(r: Reader, node: XNode, keys: string[]): string[] {
  if (node.text !== '') return [node.text];
  for (const key of keys) {
    const v = r.prop(node, key);
    if (v !== null) return [v];
  }
  return [];
}

/** A phone with its `countryCallingCode` attribute (or JSON field) put in front: `+855 012 345 678`. */
export function phoneOf(r: Reader, node: XNode): string[] {
  const [number] = textOf(r, node, ['number', 'phoneNumber', 'value']);
  if (number === undefined) return [];
  const cc = r.prop(node, 'countryCallingCode')?.replace(/^\+/, '');
  return [cc && /^\d{1,3}$/.test(cc) && !/^(?:\+|00)/.test(number) ? `+${cc} ${number}` : number];
}

export function readIpEvent(r: Reader, node: XNode): IpCaptureEvent[] {
  r.known(node, KNOWN_IP);
  const ipAddress = node.children.length === 0 && node.text !== '' ? node.text : r.prop(node, 'ipAddress');
  if (ipAddress === null) {
    r.warn(node.path, 'IP capture event without ipAddress, ignored');
    return [];
  }
  return [
    {
      ipAddress,
      eventName: r.prop(node, 'eventName'),
      dateTime: dateTimeField(r, node, 'dateTime'),
      port: intField(r, node, 'port', 0, 65535),
      possibleProxy: boolField(r, node, 'possibleProxy'),
    },
  ];
}

export function readDeviceId(r: Reader, node: XNode): DeviceId[] {
  r.known(node, KNOWN_DEVICE);
  const idValue = r.prop(node, 'idValue');
  if (idValue === null) {
    r.warn(node.path, 'device id without idValue, ignored');
    return [];
  }
  return [
    {
      idType: r.prop(node, 'idType'),
      idValue,
      eventName: r.prop(node, 'eventName'),
      dateTime: dateTimeField(r, node, 'dateTime'),
    },
  ];
}

export function readLocation(r: Reader, node: XNode | undefined): EstimatedLocation | null {
  if (!node) return null;
  r.known(node, KNOWN_LOCATION);
  return {
    countryCode: r.prop(node, 'countryCode') ?? r.prop(node, 'country'),
    region: r.prop(node, 'region'),
    city: r.prop(node, 'city'),
    verified: boolField(r, node, 'verified'),
    timestamp: dateTimeField(r, node, 'timestamp'),
  };
}

export function readAddress(r: Reader, node: XNode, keepStreet: boolean): Address {
  r.known(node, KNOWN_ADDRESS);
  const street = r.prop(node, 'address') ?? r.prop(node, 'street');
  return {
    type: r.prop(node, 'type'),
    street: keepStreet ? street : null,
    city: r.prop(node, 'city'),
    region: r.prop(node, 'state') ?? r.prop(node, 'nonUsaState') ?? r.prop(node, 'region'),
    postalCode: keepStreet ? (r.prop(node, 'zipCode') ?? r.prop(node, 'postalCode')) : null,
    country: r.prop(node, 'country'),
  };
}
