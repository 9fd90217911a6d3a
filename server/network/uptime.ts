// RouterOS durations (`1w2d3h4m5s`) in seconds and in words.
const UNITS: [string, number][] = [['w', 604_800], ['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]];

export function parseUptime(raw: string): { raw: string; seconds: number; human: string } | undefined {
  const parts = [...raw.matchAll(/(\d+)([wdhms])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== raw) return undefined;
  const seconds = parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNITS.find(([u]) => u === unit)![1], 0);
  return { raw, seconds, human: parts.map(([, n, unit]) => `${Number(n)}${unit}`).join(' ') };
}
