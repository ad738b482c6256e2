/** Human units and tables of the CLI output. */
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/cli/format/table.js';
import { humanBandwidth, humanBytes, humanCount, humanPercent, humanSeconds } from '../../src/format/units.js';

describe('human units', () => {
  it('writes durations with their two largest units, never carrying a rounding into a wrong unit', () => {
    const cases: [number, string][] = [
      [0, '0s'],
      [0.35, '350ms'],
      [0.9996, '1s'],
      [4.256, '4.26s'],
      [9.996, '10s'],
      [42.34, '42.3s'],
      [59.97, '1m'],
      [300, '5m'],
      [252, '4m 12s'],
      [3725, '1h 2m'],
      [86_400 * 3 + 3600 * 4, '3d 4h'],
      [-90, '-1m 30s'],
    ];
    for (const [seconds, text] of cases) expect(humanSeconds(seconds), String(seconds)).toBe(text);
  });

  it('writes bytes in binary units with three significant figures', () => {
    expect(humanBytes(0)).toBe('0 B');
    expect(humanBytes(512)).toBe('512 B');
    expect(humanBytes(1.2 * 2 ** 30)).toBe('1.2 GiB');
    expect(humanBytes(37.5 * 2 ** 20)).toBe('37.5 MiB');
    expect(humanBytes(700 * 2 ** 20)).toBe('700 MiB');
  });

  it('writes bandwidth in bits per second, counts grouped, fractions as percentages', () => {
    expect(humanBandwidth(125e6)).toBe('1 Gbps');
    expect(humanBandwidth(412.3e6 / 8)).toBe('412 Mbps');
    expect(humanBandwidth(5.072e6 / 8)).toBe('5.07 Mbps');
    expect(humanCount(1_234_567)).toBe('1,234,567');
    expect(humanCount(0.26)).toBe('0.26');
    expect(humanCount(1234.6)).toBe('1,235');
    expect(humanPercent(0.9034)).toBe('90.3%');
    expect(humanPercent(1)).toBe('100%');
  });
});

describe('renderTable', () => {
  it('aligns the first column left and figures right, under a rule', () => {
    const table = renderTable(['name', 'p50', 'p99'], [
      ['billing', '5m', '1h 2m'],
      ['db', '42.3s', '9m'],
    ]);
    expect(table.split('\n')).toEqual([
      '  name       p50    p99',
      '  -------  -----  -----',
      '  billing     5m  1h 2m',
      '  db       42.3s     9m',
    ]);
  });
});
