/**
 * The options luxon gives Intl for a zone's name (`ZZZZ`), plus the wall-time fields: one
 * formatToParts call yields the date, the time and the zone's short name.
 */
const FIELDS: Intl.DateTimeFormatOptions = {
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
};

/** Formatters by locale and zone: building one costs far more than using it. */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timezone: string, locale: string): Intl.DateTimeFormat {
  const key = `${locale}|${timezone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...FIELDS, timeZone: timezone });
    formats.set(key, format);
  }
  return format;
}

/**
 * An instant as the mails show it, in an IANA zone: `2026-06-01 09:00 GMT+8` (luxon's
 * `yyyy-MM-dd HH:mm ZZZZ` for the locale, same output), from a formatter kept per locale and zone
 * instead of luxon's per-call zone offset and zone-name lookups. The locales the mails use (en,
 * zh-CN) write Latin digits.
 */
export function formatZoned(at: Date, timezone: string, locale: string): string {
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of formatFor(timezone, locale).formatToParts(at)) part[type] = value;
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute} ${part.timeZoneName}`;
}
