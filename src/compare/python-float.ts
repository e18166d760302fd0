// How Python's str() writes a float, for run names the book's scripts print ("lr:" + str(lr)):
// the shortest digits that read back to the same double (JavaScript finds the same ones), in
// positional form from 1e-4 up to 1e16 and in scientific form with a two-digit exponent
// otherwise: 1.5081662054491436e-06 where JavaScript writes 0.0000015081662054491436.

export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [digits, exponentText] = x.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${digits}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const positional = String(x);
  return Number.isInteger(x) ? `${positional}.0` : positional;
}
