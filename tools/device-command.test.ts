// The device command's option checks (moved here from emulator/device with the CLI code).
import { describe, expect, it } from 'vitest';
import { deviceStats } from '../emulator/device/stats.ts';
import { BadInput, runDeviceCommand } from './device-command.ts';

describe('runDeviceCommand', () => {
  it('returns the stats as json and a text table', () => {
    const r = runDeviceCommand({ gUs: '25', tS: '0', n: '10', seed: '2' });
    expect(r.json).toEqual(deviceStats({ gUs: 25, tS: 0, n: 10, seed: 2 }));
    expect(r.text).toMatch(/programmed/);
    expect(r.text).toMatch(/read/);
  });

  it.each([
    [{ gUs: -1 }, /--g-us/],
    [{ gUs: 25.5 }, /--g-us/],
    [{ gUs: 'abc' }, /--g-us/],
    [{ tS: -5 }, /--t-s/],
    [{ tS: '' }, /--t-s/],
    [{ n: 0 }, /--n/],
    [{ n: 2.5 }, /--n/],
    [{ seed: -1 }, /--seed/],
  ])('rejects %o with a one-line BadInput', (opts, flag) => {
    let err: unknown;
    try {
      runDeviceCommand(opts);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BadInput);
    const e = err as BadInput;
    expect(e.name).toBe('BadInput');
    expect(e.message).toMatch(flag);
    expect(e.message).not.toContain('\n');
  });
});
