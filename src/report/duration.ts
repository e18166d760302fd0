// Durations as people say them, for elapsed times and for the time left.

/** A duration for people: "0.35 s", "12 s", "2 min 5 s", "5 h 20 min", "14 days". */
export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 10) return `${seconds.toPrecision(2)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) {
    const whole = Math.round(seconds);
    return joinUnits(Math.floor(whole / 60), 'min', whole % 60, 's');
  }
  if (seconds < 48 * 3600) {
    const minutes = Math.round(seconds / 60);
    return joinUnits(Math.floor(minutes / 60), 'h', minutes % 60, 'min');
  }
  return `${Math.round(seconds / 86400)} days`;
}

function joinUnits(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major} ${majorUnit}` : `${major} ${majorUnit} ${minor} ${minorUnit}`;
}

/**
 * Time left: whole seconds rounded up, so it reads "1 s" rather than "0 s" while any work
 * remains; "2 min 5 s" and "1 h 20 min" beyond a minute.
 */
export function formatEta(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 60 ? `${seconds} s` : formatDuration(seconds * 1000);
}
