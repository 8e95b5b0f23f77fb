import { describe, expect, it } from 'vitest';
import { luhnDigit, luhnValid, normaliseDeviceId } from './device.ts';

const value = (raw: string, type?: string) => {
  const r = normaliseDeviceId(raw, type);
  return r.ok ? r.value : `!${r.reason}`;
};

describe('normaliseDeviceId', () => {
  it('checks the IMEI Luhn digit', () => {
    expect(luhnDigit('35209900176148')).toBe('1');
    expect(luhnValid('352099001761481')).toBe(true);
    expect(value('35-209900-176148-1')).toBe('imei:352099001761481');
    expect(value('352099001761482')).toBe('!bad_checksum');
  });

  it('completes a 14-digit IMEI and turns an IMEI-SV into the same device', () => {
    expect(value('35209900176148', 'IMEI')).toBe('imei:352099001761481');
    expect(value('35 209900 176148 23', 'IMEISV')).toBe('imei:352099001761481');
    expect(value('3520990017614823')).toBe('imei:352099001761481');
  });

  it('reads ICCIDs, MACs and advertising ids', () => {
    expect(value('8901 4103 2111 1851 0720', 'ICCID')).toBe('iccid:89014103211118510720');
    expect(value('89014103211118510721', 'ICCID')).toBe('!bad_checksum');
    expect(value('AA-BB-CC-DD-EE-FF')).toBe('mac:aa:bb:cc:dd:ee:ff');
    expect(value('aabb.ccdd.eeff')).toBe('mac:aa:bb:cc:dd:ee:ff');
    expect(value('AABBCCDDEEFF', 'MAC address')).toBe('mac:aa:bb:cc:dd:ee:ff');
    expect(value('{6F9619FF-8B86-D011-B42D-00C04FC964FF}', 'IDFA')).toBe(
      'adid:6f9619ff-8b86-d011-b42d-00c04fc964ff',
    );
    expect(value('6F9619FF-8B86-D011-B42D-00C04FC964FF')).toBe('adid:6f9619ff-8b86-d011-b42d-00c04fc964ff');
  });

  it('reads its own output back', () => {
    for (const v of ['imei:352099001761481', 'mac:aa:bb:cc:dd:ee:ff', 'iccid:89014103211118510720']) {
      expect(value(v)).toBe(v);
    }
  });

  it.each([
    ['AABBCCDDEEFF', undefined, 'ambiguous'],
    ['home-wifi', 'SSID', 'unsupported'],
    ['12345', undefined, 'too_short'],
    ['1234567890123456789', undefined, 'too_long'],
    ['35209900176148X', 'IMEI', 'invalid'],
    ['', undefined, 'empty'],
  ])('rejects %j (%s)', (raw, type, reason) => {
    expect(value(raw, type)).toBe(`!${reason}`);
  });
});
