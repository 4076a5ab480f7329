// Strict RFC 3339 parsing: Date.parse accepts too much ("May 27 2024") to count as "parseable".

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Epoch milliseconds of an RFC 3339 time (fraction truncated to ms), or undefined. */
export function parseRfc3339(s: string): number | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number, number, number, number, number, number,
  ];
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, "0")) : 0;
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 60) return undefined;
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear takes the year as written.
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, Math.min(sec, 59), ms);
  const t = date.getTime();
  // Date.UTC rolls Feb 30 over to March: reject days the month does not have.
  if (new Date(t).getUTCDate() !== d) return undefined;
  if (m[8]) return t;
  const offset = (Number(m[10]) * 60 + Number(m[11])) * 60_000;
  return m[9] === "+" ? t - offset : t + offset;
}
