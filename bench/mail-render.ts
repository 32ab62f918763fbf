/**
 * What rendering one candidate mail costs the mail job, in memory (no database, no Redis):
 *
 * 1. the check-in QR code's PNG: qrcode's own PNG renderer (`toBuffer`, RGBA through pngjs with
 *    adaptive filters) against `checkInQr`, ms per render and bytes per PNG; checks that every PNG
 *    `checkInQr` makes decodes (pngjs) to the same pixels as qrcode's and to the QR's module grid;
 * 2. the event's start in its zone: luxon (`setZone().setLocale().toFormat('yyyy-MM-dd HH:mm ZZZZ')`)
 *    against `formatZoned`, µs per call, same strings;
 * 3. a whole `renderStored` of a registration confirmation (Registered, with its QR code).
 *
 *   npm run bench:mail-render [codes]
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { create, toBuffer } from 'qrcode';
import { AppConfig } from '@hirefair/config';
import { formatZoned } from '@hirefair/core/common/zoned-time';
import { MailMessage } from '@hirefair/core/notifications/mail-message.entity';
import { RegistrationMailTemplate } from '@hirefair/core/notifications/mail-template-names';
import { checkInQr } from '@hirefair/core/registrations/check-in-qr';
import { newCheckInCode } from '@hirefair/core/registrations/registration-batch.service';
import { RegistrationMailService } from '@hirefair/core/registrations/registration-mail.service';
import { RegistrationsRepository } from '@hirefair/core/registrations/registrations.repository';
import { decodePng } from '../libs/testing/src/png';
import { loadAverage, percentile } from './support';

const COUNT = Number(process.argv[2] ?? 2000);
const WARMUP = 200;
/** The options the confirmation mail's QR code has always had. */
const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 1, scale: 4 } as const;

/** Per-call wall times (ms, sorted) of `run` over `inputs`, after a warm-up, and the process's CPU ms per call. */
async function timed<T>(inputs: T[], run: (input: T) => unknown): Promise<Timing> {
  for (const input of inputs.slice(0, WARMUP)) await run(input);
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (const input of inputs) {
    const started = performance.now();
    await run(input);
    times.push(performance.now() - started);
  }
  const used = process.cpuUsage(cpu);
  return { times: times.sort((a, b) => a - b), cpuMs: (used.user + used.system) / 1000 / inputs.length };
}

interface Timing {
  times: number[];
  /** CPU time of the whole process (every thread: libuv's pool deflates for `toBuffer`) per call. */
  cpuMs: number;
}

const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
/** A timing in ms (or µs): the process's CPU per call, then the wall time's mean, median and p99. */
const summary = ({ times, cpuMs }: Timing, unit: 'ms' | 'µs' = 'ms'): string => {
  const k = unit === 'ms' ? 1 : 1000;
  const f = (x: number) => (x * k).toFixed(unit === 'ms' ? 3 : 2);
  return (
    `CPU ${f(cpuMs)} ${unit} per call; wall mean ${f(mean(times))}, p50 ${f(percentile(times, 50))}, ` +
    `p99 ${f(percentile(times, 99))}`
  );
};

/** Whether a decoded PNG is the QR's module grid: black modules, white quiet zone and light modules. */
function showsGrid(png: { width: number; data: Buffer }, code: string): boolean {
  const { size, data } = create(code, { errorCorrectionLevel: QR_OPTIONS.errorCorrectionLevel }).modules;
  const { margin, scale } = QR_OPTIONS;
  if (png.width !== (size + 2 * margin) * scale) return false;
  for (let y = 0; y < png.width; y++)
    for (let x = 0; x < png.width; x++) {
      const row = Math.floor(y / scale) - margin;
      const col = Math.floor(x / scale) - margin;
      const inside = row >= 0 && col >= 0 && row < size && col < size;
      const dark = inside && data[row * size + col] === 1;
      const at = (y * png.width + x) * 4;
      const expected = dark ? 0 : 255;
      if (png.data[at] !== expected || png.data[at + 1] !== expected || png.data[at + 2] !== expected)
        return false;
      if (png.data[at + 3] !== 255) return false;
    }
  return true;
}

async function qrCodes(codes: string[]): Promise<boolean> {
  const before = await timed(codes, (code) => toBuffer(code, QR_OPTIONS));
  const after = await timed(codes, (code) => checkInQr(code));
  const modules = await timed(codes, (code) => create(code, { errorCorrectionLevel: 'M' }));
  let sizeBefore = 0;
  let sizeAfter = 0;
  let mismatches = 0;
  for (const code of codes) {
    const reference = await toBuffer(code, QR_OPTIONS);
    const png = Buffer.from((await checkInQr(code)).content, 'base64');
    sizeBefore += reference.length;
    sizeAfter += png.length;
    const [a, b] = [decodePng(reference), decodePng(png)];
    const same = a.width === b.width && a.height === b.height && a.data.equals(b.data);
    if (!same || !showsGrid(b, code)) mismatches++;
  }
  console.log(
    `QR PNG, ${codes.length} codes of 10 characters (${summary(modules)} of it the QR's modules alone):`,
  );
  console.log(
    `  qrcode toBuffer (RGBA, pngjs): ${summary(before)}, ${(sizeBefore / codes.length).toFixed(0)} bytes`,
  );
  console.log(
    `  checkInQr:                     ${summary(after)}, ${(sizeAfter / codes.length).toFixed(0)} bytes`,
  );
  console.log(
    `  same pixels as qrcode's PNG and the module grid: ${codes.length - mismatches}/${codes.length}`,
  );
  return mismatches === 0;
}

async function dates(): Promise<boolean> {
  const zones = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata'];
  const locales = ['en', 'zh-CN'];
  const start = Date.parse('2026-01-01T00:00:00Z');
  // Every 7 h 13 min over a year: all hours, both sides of each DST change.
  const cases = Array.from({ length: 1200 }, (_, i) => new Date(start + i * 433 * 60_000)).flatMap((at) =>
    zones.flatMap((zone) => locales.map((locale) => ({ at, zone, locale }))),
  );
  const luxon = ({ at, zone, locale }: (typeof cases)[number]) =>
    DateTime.fromJSDate(at).setZone(zone).setLocale(locale).toFormat('yyyy-MM-dd HH:mm ZZZZ');
  const mismatches = cases.filter((c) => luxon(c) !== formatZoned(c.at, c.zone, c.locale));
  const before = await timed(cases, luxon);
  const after = await timed(cases, (c) => formatZoned(c.at, c.zone, c.locale));
  console.log(`event start in its zone, ${cases.length} instants × zones × locales:`);
  console.log(`  luxon toFormat: ${summary(before, 'µs')}`);
  console.log(`  formatZoned:    ${summary(after, 'µs')}`);
  console.log(`  same strings: ${cases.length - mismatches.length}/${cases.length}`);
  for (const m of mismatches.slice(0, 5))
    console.log(
      `    ${m.at.toISOString()} ${m.zone} ${m.locale}: ${luxon(m)} ≠ ${formatZoned(m.at, m.zone, m.locale)}`,
    );
  return mismatches.length === 0;
}

async function renderStored(codes: string[]): Promise<void> {
  const facts = (code: string) => ({
    registrationId: 'r1',
    organizationId: 'o1',
    name: '王小明',
    locale: 'zh',
    checkInCode: code,
    event: {
      title: 'AI Fair',
      city: 'Beijing',
      timezone: 'Asia/Shanghai',
      startsAt: new Date('2026-06-01T01:00:00Z'),
    },
  });
  let current = codes[0];
  const repository = { mailFacts: async () => facts(current) } as unknown as RegistrationsRepository;
  const service = new RegistrationMailService(
    { publicBaseUrl: 'https://fair.example.com' } as AppConfig,
    repository,
  );
  const mail = Object.assign(new MailMessage(), {
    id: 'm1',
    to: 'wang@example.com',
    template: RegistrationMailTemplate.Registered,
    subjectId: 'r1',
    attachments: [],
    renderContext: { accessUrl: 'https://fair.example.com/candidate#token=abc' },
  });
  const times = await timed(codes, (code) => {
    current = code;
    return service.renderStored(mail);
  });
  console.log(`renderStored of a registration confirmation (zh, with its QR code): ${summary(times)}`);
}

async function main(): Promise<void> {
  console.log(`load average before: ${loadAverage()}`);
  const codes = Array.from({ length: COUNT }, () => newCheckInCode());
  const qrOk = await qrCodes(codes);
  const datesOk = await dates();
  await renderStored(codes);
  console.log(`load average after: ${loadAverage()}`);
  if (!qrOk || !datesOk) {
    console.error('FAILED: a rendering differs from the reference');
    process.exit(1);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
