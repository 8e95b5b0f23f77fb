import { FieldError } from './errors.ts';
import { fromJson, type Reader, type XNode } from './tree.ts';
import { lineAndColumn } from './xml.ts';

/**
 * The law-enforcement JSON download → the same `report` node the XML gives, so one mapper reads both.
 * Expected layout (field names as in the XML where they exist; plural array names accepted):
 *   { reportId, incidentSummary{…} | the incident summary fields at the top,
 *     sourceInformation{ espName | reportingEsp | companyName },
 *     reportedInformation{ reportedPeople{ reportedPersons[], intendedRecipients[], victims[] },
 *       internetDetails[], uploadedFiles[], lawEnforcement{}, additionalInfo | additionalInformation } }
 * Nesting deeper than `maxDepth` is refused before `JSON.parse` runs.
 */
const RENAMES: Record<string, string> = {
  emails: 'email',
  emailAddresses: 'emailAddress',
  phones: 'phone',
  phoneNumbers: 'phoneNumber',
  addresses: 'address',
  ipCaptureEvents: 'ipCaptureEvent',
  deviceIds: 'deviceId',
  screenNames: 'screenName',
  displayNames: 'displayName',
  profileUrls: 'profileUrl',
  espIdentifiers: 'espIdentifier',
  urls: 'url',
  originalFileHashes: 'originalFileHash',
  groupIdentifiers: 'groupIdentifier',
  additionalInformation: 'additionalInfo',
  ipAddresses: 'ipAddress',
};

const SUMMARY_FIELDS = new Set([
  'incidentType',
  'escalateToHighPriority',
  'reportAnnotations',
  'incidentDateTime',
  'incidentDateTimeDescription',
]);
const KNOWN_ROOT = new Set([
  'reportId',
  'incidentSummary',
  'sourceInformation',
  'reportedInformation',
  ...SUMMARY_FIELDS,
]);
const KNOWN_INFO = new Set([
  'reportedPeople',
  'internetDetails',
  'uploadedFiles',
  'lawEnforcement',
  'additionalInfo',
]);
const PEOPLE: Record<string, string> = {
  reportedPersons: 'personOrUserReported',
  intendedRecipients: 'intendedRecipient',
  victims: 'victim',
};

/** Deepest `{`/`[` nesting outside strings; stops counting once past `limit`. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

export function jsonToReportNode(r: Reader, text: string, maxDepth: number): XNode {
  if (jsonDepthExceeds(text, maxDepth))
    throw new FieldError('', `JSON nested deeper than ${maxDepth} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(message);
    const where = at ? lineAndColumn(text, Number(at[1])) : '';
    const reason = message
      .replace(/\s*in JSON at position \d+.*$/s, '')
      .replace(/\s*\(line \d+ column \d+\)$/, '')
      .replace(/^./, (c) => c.toLowerCase());
    throw new FieldError(where, `not valid JSON: ${reason.slice(0, 160)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FieldError('', 'expected one report (a JSON object)');
  }
  const top = fromJson('report', value, '', RENAMES)[0]!;
  r.known(top, KNOWN_ROOT);
  const report: XNode = { name: 'report', path: '', attrs: Object.create(null), text: '', children: [] };
  const add = (nodes: XNode[], name: string) => {
    for (const n of nodes) report.children.push({ ...n, name });
  };
  add(r.kids(top, 'reportId'), 'reportId');
  const summaryAtTop = top.children.filter((c) => SUMMARY_FIELDS.has(c.name));
  const summary = r.kid(top, 'incidentSummary');
  if (summary) add([summary], 'incidentSummary');
  else if (summaryAtTop.length > 0) {
    add(
      [{ name: 'incidentSummary', path: '', attrs: Object.create(null), text: '', children: summaryAtTop }],
      'incidentSummary',
    );
  }
  add(r.kids(top, 'sourceInformation'), 'reporter');
  const info = r.kid(top, 'reportedInformation');
  if (info) {
    r.known(info, KNOWN_INFO);
    const people = r.kid(info, 'reportedPeople');
    if (people) {
      r.known(people, new Set(Object.keys(PEOPLE)));
      for (const [key, name] of Object.entries(PEOPLE)) add(r.kids(people, key), name);
    }
    add(r.kids(info, 'internetDetails'), 'internetDetails');
    add(r.kids(info, 'uploadedFiles'), 'fileDetails');
    add(r.kids(info, 'lawEnforcement'), 'lawEnforcement');
    add(r.kids(info, 'additionalInfo'), 'additionalInfo');
  }
  return report;
}
