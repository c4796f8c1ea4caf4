// Date values as IAM reads them (reference §6.6 Date row, §8.1 check 4 "legacy parsing").
//
// Owns: parsing a Date condition value (or an aws:CurrentTime / aws:TokenIssueTime context value)
// into epoch milliseconds. Two forms:
//   - an integer (optionally signed) within Java's long range: epoch *seconds*;
//   - ISO-8601 in the permissive grammar of Joda-Time's ISODateTimeFormat.dateTimeParser(),
//     which is what AWS's recorded accept/reject list fits exactly: `01T` and
//     `2016-12-13t2:00:00.593194+23` pass, `2016-12-13t2:00:00.593194+1` (one-digit offset),
//     ten fraction digits, `234-13` and `9223372036854775808` fail [LS valid-30/36, invalid-72..75].
// Grammar (case-insensitive T and Z):
//   datetime      = time | date-opt-time
//   time          = 'T' time-element [offset]
//   date-opt-time = date-element ['T' [time-element] [offset]]
//   date-element  = yyyy ['-' MM ['-' dd]] | yyyy '-' DDD | xxxx '-W' ww ['-' e]   (longest wins)
//   time-element  = HH [':' mm [':' ss]] [fraction]      fraction = ('.'|',') 1..9 digits
//   offset        = 'Z' | ('+'|'-') HH [[':'] mm]
// A date without an offset is UTC. Imports nothing; no clock.

const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;
const YEAR_MIN = -292275054;
const YEAR_MAX = 292278993;
const DAY_MS = 86_400_000;

/** Epoch milliseconds, or undefined when `text` is not a date IAM accepts. */
export function parseIamDate(text: string): number | undefined {
  if (/^[+-]?\d+$/.test(text)) {
    const n = BigInt(text);
    if (n > LONG_MAX || n < LONG_MIN) return undefined;
    return Number(n) * 1000;
  }
  return new IsoParser(text).parse();
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** ISO weekday of a day number, Monday = 1. */
function weekday(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

function isoWeeksInYear(y: number): number {
  const jan1 = weekday(daysFromCivil(y, 1, 1));
  return jan1 === 4 || (jan1 === 3 && isLeap(y)) ? 53 : 52;
}

interface DateEl {
  readonly end: number;
  readonly days: number | undefined; // undefined: fields out of range
}

class IsoParser {
  private p = 0;
  constructor(private readonly s: string) {}

  parse(): number | undefined {
    const s = this.s;
    if (s.length === 0) return undefined;
    let days = 0;
    let timeMs = 0;
    if (s[0] === 'T' || s[0] === 't') {
      this.p = 1;
      const t = this.timeElement();
      if (t === undefined) return undefined;
      timeMs = t;
    } else {
      const d = this.dateElement();
      if (d === undefined || d.days === undefined) return undefined;
      days = d.days;
      this.p = d.end;
      if (this.p < s.length && (s[this.p] === 'T' || s[this.p] === 't')) {
        this.p++;
        if (this.p < s.length && this.isDigit(this.p)) {
          const t = this.timeElement();
          if (t === undefined) return undefined;
          timeMs = t;
        }
      } else if (this.p < s.length) return undefined;
    }
    let offsetMs = 0;
    if (this.p < s.length) {
      const o = this.offset();
      if (o === undefined) return undefined;
      offsetMs = o;
    }
    if (this.p !== s.length) return undefined;
    return days * DAY_MS + timeMs - offsetMs;
  }

  private isDigit(i: number): boolean {
    const c = this.s.charCodeAt(i);
    return c >= 0x30 && c <= 0x39;
  }

  /** Reads 1..max digits at `at`; returns [value, end] or undefined. */
  private digits(at: number, max: number): [number, number] | undefined {
    let q = at;
    while (q < this.s.length && q - at < max && this.isDigit(q)) q++;
    if (q === at) return undefined;
    return [Number(this.s.slice(at, q)), q];
  }

  private year(at: number): [number, number] | undefined {
    let q = at;
    let sign = 1;
    if (this.s[q] === '-' || this.s[q] === '+') {
      sign = this.s[q] === '-' ? -1 : 1;
      q++;
    }
    const d = this.digits(q, 9);
    if (!d) return undefined;
    return [sign * d[0], d[1]];
  }

  /** The three date forms; Joda keeps the alternative that read furthest (first on ties). */
  private dateElement(): DateEl | undefined {
    const candidates = [this.stdDate(), this.ordinalDate(), this.weekDate()];
    let best: DateEl | undefined;
    for (const c of candidates) if (c && (!best || c.end > best.end)) best = c;
    return best;
  }

  private stdDate(): DateEl | undefined {
    const y = this.year(0);
    if (!y) return undefined;
    const [year, afterYear] = y;
    const yearOk = year >= YEAR_MIN && year <= YEAR_MAX;
    if (this.s[afterYear] !== '-')
      return { end: afterYear, days: yearOk ? daysFromCivil(year, 1, 1) : undefined };
    const m = this.digits(afterYear + 1, 2);
    if (!m) return { end: afterYear, days: yearOk ? daysFromCivil(year, 1, 1) : undefined };
    const [month, afterMonth] = m;
    const monthOk = yearOk && month >= 1 && month <= 12;
    if (this.s[afterMonth] !== '-')
      return { end: afterMonth, days: monthOk ? daysFromCivil(year, month, 1) : undefined };
    const d = this.digits(afterMonth + 1, 2);
    if (!d) return { end: afterMonth, days: monthOk ? daysFromCivil(year, month, 1) : undefined };
    const [day, afterDay] = d;
    const ok = monthOk && day >= 1 && day <= daysInMonth(year, month);
    return { end: afterDay, days: ok ? daysFromCivil(year, month, day) : undefined };
  }

  private ordinalDate(): DateEl | undefined {
    const y = this.year(0);
    if (!y || this.s[y[1]] !== '-') return undefined;
    const d = this.digits(y[1] + 1, 3);
    if (!d) return undefined;
    const [year] = y;
    const ok = year >= YEAR_MIN && year <= YEAR_MAX && d[0] >= 1 && d[0] <= (isLeap(year) ? 366 : 365);
    return { end: d[1], days: ok ? daysFromCivil(year, 1, 1) + d[0] - 1 : undefined };
  }

  private weekDate(): DateEl | undefined {
    const y = this.year(0);
    if (!y || this.s[y[1]] !== '-' || (this.s[y[1] + 1] !== 'W' && this.s[y[1] + 1] !== 'w'))
      return undefined;
    const w = this.digits(y[1] + 2, 2);
    if (!w) return undefined;
    let end = w[1];
    let dow = 1;
    if (this.s[end] === '-') {
      const e = this.digits(end + 1, 1);
      if (e) {
        dow = e[0];
        end = e[1];
      }
    }
    const [year] = y;
    const ok =
      year >= YEAR_MIN &&
      year <= YEAR_MAX &&
      w[0] >= 1 &&
      w[0] <= isoWeeksInYear(year) &&
      dow >= 1 &&
      dow <= 7;
    if (!ok) return { end, days: undefined };
    const jan4 = daysFromCivil(year, 1, 4);
    const week1Monday = jan4 - (weekday(jan4) - 1);
    return { end, days: week1Monday + (w[0] - 1) * 7 + (dow - 1) };
  }

  /** HH [':' mm [':' ss]] [fraction], in milliseconds; the fraction scales the last field read. */
  private timeElement(): number | undefined {
    const h = this.digits(this.p, 2);
    if (!h || h[0] > 23) return undefined;
    this.p = h[1];
    let ms = h[0] * 3_600_000;
    let unit = 3_600_000;
    if (this.s[this.p] === ':') {
      const m = this.digits(this.p + 1, 2);
      if (!m || m[0] > 59) return undefined;
      this.p = m[1];
      ms += m[0] * 60_000;
      unit = 60_000;
      if (this.s[this.p] === ':') {
        const sec = this.digits(this.p + 1, 2);
        if (!sec || sec[0] > 59) return undefined;
        this.p = sec[1];
        ms += sec[0] * 1000;
        unit = 1000;
      }
    }
    if (this.s[this.p] === '.' || this.s[this.p] === ',') {
      const at = this.p + 1;
      const f = this.digits(at, 9);
      if (!f) return undefined;
      if (this.isDigit(f[1])) return undefined; // more than nine fraction digits
      const frac = Number('0.' + this.s.slice(at, f[1]));
      ms += Math.floor(frac * unit);
      this.p = f[1];
    }
    return ms;
  }

  private offset(): number | undefined {
    const c = this.s[this.p];
    if (c === 'Z' || c === 'z') {
      this.p++;
      return 0;
    }
    if (c !== '+' && c !== '-') return undefined;
    const sign = c === '-' ? -1 : 1;
    const hh = this.s.slice(this.p + 1, this.p + 3);
    if (!/^\d\d$/.test(hh) || Number(hh) > 23) return undefined;
    this.p += 3;
    let minutes = 0;
    const rest = this.s.slice(this.p);
    const m = /^:?(\d\d)/.exec(rest);
    if (m?.[1] !== undefined) {
      if (Number(m[1]) > 59) return undefined;
      minutes = Number(m[1]);
      this.p += m[0].length;
    }
    return sign * (Number(hh) * 3_600_000 + minutes * 60_000);
  }
}
