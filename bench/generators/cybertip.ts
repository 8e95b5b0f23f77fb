/**
 * Seeded generator of synthetic CyberTipline-style reports about Cambodia (PERFORMANCE.md §2): ESP-report
 * XML and law-enforcement JSON with realistic identifier reuse — a few heavy hitters (each in ~0.4% of
 * reports), a mid tier seen a handful of times, most people seen once — plus shared/private IPs and
 * placeholder e-mails that the stop-list must catch. Everything is invented: `Syn…` names, a made-up
 * mail domain, incident types as category codes, "Synthetic report N" as the only narrative.
 * Deterministic for a seed (mulberry32, never Math.random).
 *
 *   npx tsx bench/generators/cybertip.ts --count 1000 --out dir [--seed 1] [--json-share 0.3]
 *   npx tsx bench/generators/cybertip.ts --count 20000 --parse      (parse-only throughput, no files)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROVINCES } from '../../contracts/src/provinces.ts';
import { luhnDigit } from '../../server/src/modules/entities/normalise/device.ts';
import {
  type CyberTipReport,
  type EstimatedLocation,
  emptyParty,
  INCIDENT_CATEGORIES,
  type IpCaptureEvent,
  type Party,
  type UploadedFile,
} from '../../server/src/modules/tips/cybertip/model.ts';
import { parseCyberTip } from '../../server/src/modules/tips/cybertip/parse.ts';
import { writeCyberTipJson, writeCyberTipXml } from '../../server/src/modules/tips/cybertip/write.ts';
import { mulberry32 } from './random.ts';

export { mulberry32 };

export interface GeneratedReport {
  format: 'xml' | 'json';
  text: string;
  fileName: string;
  /** What the parser must give back for `text`. */
  report: CyberTipReport;
}

/** One invented person and the identifiers they keep using across reports. */
type Identity = ReturnType<typeof identity>;

const ESPS = ['Facebook', 'Instagram', 'Telegram', 'TikTok', 'Snapchat', 'Discord', 'WhatsApp', 'LINE'];
const MOBILE_PREFIXES =
  '10 11 12 15 16 17 31 60 61 66 69 70 71 77 78 81 85 86 88 89 92 93 95 96 97 98 99'.split(' ');
const SHARED_IPS = ['192.168.1.1', '10.0.0.1', '100.64.12.1', '127.0.0.1', '172.16.0.1'];
const PLACEHOLDER_EMAILS = ['noemail@example.com', 'test@test.com', 'none@none.com', 'NoEmail@Example.com'];
const PUBLIC_NETS = ['36.37', '103.216', '175.100', '116.212', '202.58'];
const ANNOTATIONS = ['csamSolicitation', 'minorToMinorInteraction', 'sextortion', 'spam'];
const CATEGORIES = INCIDENT_CATEGORIES.filter((c) => c !== 'other');
const HEAVY_HITTERS = 8;
const HEAVY_SHARE = 0.004;
const MID_SHARE = 0.2;

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  chars(n: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
  digits = (n: number) => this.chars(n, '0123456789');
  hex = (n: number) => this.chars(n, '0123456789abcdef');
}

const ipEvent = (ipAddress: string, eventName: string, dateTime: string | null, port: number | null = null) =>
  ({ ipAddress, eventName, dateTime, port, possibleProxy: null }) satisfies IpCaptureEvent;
const inCambodia = (region: string, verified: boolean | null): EstimatedLocation => ({
  countryCode: 'KH',
  region,
  city: null,
  verified,
  timestamp: null,
});

function identity(rng: Rng, key: number) {
  const imeiBody = `35${rng.digits(12)}`;
  return {
    key,
    email: `syn.person.${key}@mail${key % 7}.synthetic-kh.net`,
    phoneNsn: rng.pick(MOBILE_PREFIXES) + rng.digits(rng.chance(0.5) ? 6 : 7),
    screenName: `syn_user_${key}`,
    espId: String(100_000_000 + key),
    esp: rng.pick(ESPS),
    ips: [1, 2]
      .slice(0, 1 + rng.int(2))
      .map(() => `${rng.pick(PUBLIC_NETS)}.${1 + rng.int(254)}.${1 + rng.int(254)}`),
    imei: imeiBody + luhnDigit(imeiBody),
    province: rng.int(PROVINCES.length),
    age: 19 + rng.int(50),
    hashes: [rng.hex(32), rng.hex(32)],
  };
}

/** How a person writes a Cambodian number: the parser must not care. */
function phoneAsWritten(rng: Rng, nsn: string): string {
  const spaced = `${nsn.slice(0, 2)} ${nsn.slice(2, 5)} ${nsn.slice(5)}`;
  return rng.pick([`0${spaced}`, `+855 ${spaced}`, `855-${nsn}`, `(0${nsn.slice(0, 2)}) ${nsn.slice(2)}`]);
}

function isoBetween(rng: Rng, fromMs: number, toMs: number): string {
  return new Date(Math.floor((fromMs + rng.float() * (toMs - fromMs)) / 1000) * 1000).toISOString();
}

function buildReport(
  rng: Rng,
  index: number,
  reportId: string,
  who: Identity,
  format: 'xml' | 'json',
): CyberTipReport {
  const province = PROVINCES[who.province]!;
  const when = isoBetween(rng, Date.UTC(2023, 0, 1), Date.UTC(2025, 0, 1));
  const ipEvents: IpCaptureEvent[] = who.ips.map((ip) =>
    ipEvent(ip, rng.pick(['Login', 'Upload', 'Registration']), when, rng.chance(0.5) ? 443 : null),
  );
  if (rng.chance(0.1)) ipEvents.push(ipEvent(rng.pick(SHARED_IPS), 'Login', null));
  const email = rng.chance(0.06)
    ? rng.pick(PLACEHOLDER_EMAILS)
    : rng.chance(0.2)
      ? who.email.toUpperCase()
      : who.email;
  const suspect: Party = {
    ...emptyParty(),
    firstName: `Syn${who.key}`,
    lastName: 'Testperson',
    emails: [email],
    phones: rng.chance(0.7) ? [phoneAsWritten(rng, who.phoneNsn)] : [],
    age: rng.chance(0.6) ? who.age : null,
    screenNames: [rng.chance(0.3) ? `@${who.screenName}` : who.screenName],
    espIdentifiers: [who.espId],
    espService: who.esp,
    ipCaptureEvents: ipEvents,
    deviceIds: rng.chance(0.4)
      ? [{ idType: 'IMEI', idValue: who.imei, eventName: null, dateTime: null }]
      : [],
    estimatedLocation: inCambodia(province.en, rng.chance(0.5)),
  };
  const victims = Array.from({ length: rng.int(2) }, (): Party => {
    return {
      ...emptyParty(),
      age: 9 + rng.int(9),
      estimatedLocation: inCambodia(rng.pick(PROVINCES).en, null),
    };
  });
  const files = Array.from({ length: rng.int(3) }, (_, f): UploadedFile => {
    const viewed = rng.chance(0.6) ? true : rng.chance(0.6) ? false : null;
    return {
      fileId: `F${index}-${f}`,
      fileName: `synthetic-${index}-${f}.bin`,
      originalFileName: null,
      locationOfFile: null,
      fileViewedByEsp: viewed,
      exifViewedByEsp: null,
      publiclyAvailable: rng.chance(0.5),
      fileRelevance: 'Reported',
      fileAnnotations: [],
      originalFileHashes: [{ hashType: 'MD5', value: rng.chance(0.5) ? rng.pick(who.hashes) : rng.hex(32) }],
      ipCaptureEvents: [ipEvent(who.ips[0]!, 'Upload', when)],
      deviceIds: [],
      requiresLegalAuthority: viewed !== true,
    };
  });
  const escalated = rng.chance(0.08);
  return {
    source: 'ncmec_cybertipline',
    format: format === 'xml' ? 'esp_xml' : 'le_json',
    reportId,
    incident: {
      type: rng.pick(CATEGORIES),
      category: 'other',
      escalateToHighPriority: escalated,
      escalationReason: escalated ? 'Synthetic escalation' : null,
      annotations: ANNOTATIONS.filter(() => rng.chance(0.15)),
      dateTime: when,
      dateTimeDescription: null,
    },
    reporter: { espName: who.esp },
    lawEnforcement: null,
    internetDetails: rng.chance(0.5)
      ? [
          {
            kind: 'web_page',
            urls: [`https://site${who.key % 97}.synthetic-kh.net/p/${index}`],
            thirdPartyHostedContent: null,
          },
        ]
      : [],
    personsReported: [suspect],
    intendedRecipients: [],
    victims,
    files,
    additionalInfo: [`Synthetic report ${index}`],
  };
}

/** `n` reports, deterministic for `seed`. */
export function* generateReports(n: number, seed = 1, jsonShare = 0.3): Generator<GeneratedReport> {
  const rng = new Rng(seed);
  const heavy = Array.from({ length: HEAVY_HITTERS }, (_, k) => identity(rng, k));
  const midCount = Math.max(1, Math.floor(n / 20));
  const mid = new Map<number, Identity>();
  let next = HEAVY_HITTERS + midCount;
  for (let i = 0; i < n; i++) {
    const roll = rng.float();
    let who: Identity;
    if (roll < HEAVY_HITTERS * HEAVY_SHARE) who = heavy[Math.floor(roll / HEAVY_SHARE)]!;
    else if (roll < HEAVY_HITTERS * HEAVY_SHARE + MID_SHARE) {
      const k = HEAVY_HITTERS + rng.int(midCount);
      who = mid.get(k) ?? identity(rng, k);
      mid.set(k, who);
    } else who = identity(rng, next++);
    const format = rng.chance(jsonShare) ? 'json' : 'xml';
    const reportId = `${9_000_000_000 + (seed % 1000) * 1_000_000 + i}`;
    const report = buildReport(rng, i, reportId, who, format);
    report.incident.category = report.incident.type as CyberTipReport['incident']['category'];
    const text = format === 'xml' ? writeCyberTipXml(report) : writeCyberTipJson(report);
    yield { format, text, report, fileName: `cybertip-${reportId}.${format}` };
  }
}

/** Parse-only throughput of `count` generated reports (texts made first, not timed). `perSecond` is by
 * wall clock; `perCpuSecond` by this process's CPU time, steadier on a shared machine. */
export function measureParseThroughput(count: number, seed = 1) {
  const texts = Array.from(generateReports(count, seed), (g) => g.text);
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let failed = 0;
  for (const text of texts) if (!parseCyberTip(text).ok) failed++;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  return {
    reports: count,
    seconds,
    perSecond: Math.round(count / seconds),
    perCpuSecond: Math.round(count / cpuSeconds),
    failed,
  };
}

function main(argv: string[]): void {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const count = Number(arg('count') ?? 1000);
  const seed = Number(arg('seed') ?? 1);
  const jsonShare = Number(arg('json-share') ?? 0.3);
  if (
    !Number.isInteger(count) ||
    count < 1 ||
    !Number.isInteger(seed) ||
    !(jsonShare >= 0 && jsonShare <= 1)
  ) {
    console.error('usage: cybertip.ts --count N [--out DIR] [--seed S] [--json-share 0..1] [--parse]');
    process.exit(2);
  }
  if (argv.includes('--parse')) {
    const r = measureParseThroughput(count, seed);
    console.log(
      `parse-only: ${r.reports} reports in ${r.seconds.toFixed(2)} s = ${r.perSecond} reports/s ` +
        `(${r.perCpuSecond} per CPU-second; ${r.failed} failed)`,
    );
    process.exit(r.failed === 0 ? 0 : 1);
  }
  const out = arg('out');
  if (!out) {
    console.error('cybertip.ts: --out DIR is required (or --parse)');
    process.exit(2);
  }
  fs.mkdirSync(out, { recursive: true });
  let bytes = 0;
  for (const g of generateReports(count, seed, jsonShare)) {
    fs.writeFileSync(path.join(out, g.fileName), g.text);
    bytes += g.text.length;
  }
  console.log(`wrote ${count} reports (${(bytes / 1024 / 1024).toFixed(1)} MiB) to ${out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]))
  main(process.argv.slice(2));
