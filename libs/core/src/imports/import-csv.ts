import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { ErrorDetail, ValidationError } from '../common/domain-error';

/** Reading options shared by the header check and the worker: one record per row, cells as text. */
export const CSV_OPTIONS = {
  bom: true,
  skip_empty_lines: true,
  relax_column_count: true,
} as const;

export const MAX_IMPORT_ROWS = 50_000;

/** The columns of an import file, one per registration field; `consent*` fill `consent`. */
export const REQUIRED_COLUMNS = [
  'name',
  'email',
  'city',
  'specialties',
  'degree',
  'yearsOfExperience',
  'consentPrivacyPolicyVersion',
  'consentShareWithBusinessUnits',
] as const;

export const OPTIONAL_COLUMNS = [
  'phone',
  'githubUrl',
  'resumeUrl',
  'referralCode',
  'expectedMonthlySalaryCny',
  'locale',
  'publications',
  'awards',
] as const;

const KNOWN = new Map<string, string>(
  [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].map((column) => [column.toLowerCase(), column]),
);

/** Parses and checks the header row: the canonical column names, or 400 naming every problem. */
export function readHeader(file: Buffer): string[] {
  let header: string[] | undefined;
  try {
    [header] = parseSync(file.subarray(0, 64 * 1024), { ...CSV_OPTIONS, to_line: 1 }) as string[][];
  } catch (error) {
    throw ValidationError.single('header', `The header row is not valid CSV: ${(error as Error).message}`);
  }
  if (!header || header.every((cell) => cell.trim() === ''))
    throw ValidationError.single('header', 'The file is empty; its first row must name the columns.');
  const columns = header.map((cell) => KNOWN.get(cell.trim().toLowerCase()) ?? cell.trim());
  const details: ErrorDetail[] = [];
  const unknown = columns.filter((c) => !KNOWN.has(c.toLowerCase()));
  if (unknown.length > 0)
    details.push({
      field: 'header',
      messages: unknown.map(
        (c) => `unknown column "${c}"; the columns are ${[...KNOWN.values()].join(', ')}`,
      ),
    });
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0)
    details.push({ field: 'header', messages: missing.map((c) => `missing required column "${c}"`) });
  const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (repeated.length > 0)
    details.push({
      field: 'header',
      messages: [...new Set(repeated)].map((c) => `column "${c}" appears twice`),
    });
  if (details.length > 0) throw new ValidationError(details, details.flatMap((d) => d.messages).join('; '));
  return columns;
}

/** A streaming reader over the file: records with the line each one ends on (1 = the header). */
export function csvReader() {
  return parse({ ...CSV_OPTIONS, info: true });
}

const NUMBER = /^-?\d+(\.\d+)?$/;
const TRUE = ['true', 'yes', '1'];
const FALSE = ['false', 'no', '0'];

/**
 * One data row as the registration body an online candidate would send. Cells are trimmed and an
 * empty cell is an absent field; values that do not convert are passed on as text, so that the
 * registration DTO refuses them with its own message.
 */
export function rowToBody(
  columns: string[],
  cells: string[],
): { body: Record<string, unknown>; details: ErrorDetail[] } {
  const details: ErrorDetail[] = [];
  if (cells.length !== columns.length)
    details.push({
      field: 'row',
      messages: [
        `the row has ${cells.length} cell${cells.length === 1 ? '' : 's'}; the header has ${columns.length}`,
      ],
    });
  const cell: Record<string, string | undefined> = {};
  columns.forEach((column, i) => {
    const value = cells[i]?.trim();
    cell[column] = value === '' ? undefined : value;
  });
  const json = (field: string): unknown => {
    const value = cell[field];
    if (value === undefined) return undefined;
    try {
      return JSON.parse(value);
    } catch {
      details.push({ field, messages: [`${field} must be a JSON array, e.g. [{"name":"…","year":2024}]`] });
      return undefined;
    }
  };
  const number = (value: string | undefined) =>
    value !== undefined && NUMBER.test(value) ? Number(value) : value;
  const flag = (value: string | undefined) => {
    const lower = value?.toLowerCase();
    if (lower !== undefined && TRUE.includes(lower)) return true;
    if (lower !== undefined && FALSE.includes(lower)) return false;
    return value;
  };
  const body: Record<string, unknown> = {
    name: cell.name,
    email: cell.email,
    phone: cell.phone,
    city: cell.city,
    specialties: cell.specialties
      ?.split(/[;|]/)
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    degree: cell.degree,
    yearsOfExperience: number(cell.yearsOfExperience),
    publications: json('publications'),
    awards: json('awards'),
    githubUrl: cell.githubUrl,
    resumeUrl: cell.resumeUrl,
    referralCode: cell.referralCode,
    expectedMonthlySalaryCny: number(cell.expectedMonthlySalaryCny),
    locale: cell.locale,
    consent: {
      privacyPolicyVersion: cell.consentPrivacyPolicyVersion,
      shareWithBusinessUnits: flag(cell.consentShareWithBusinessUnits),
    },
  };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return { body, details };
}
