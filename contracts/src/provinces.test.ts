import { describe, expect, it } from 'vitest';
import { findProvince, PROVINCE_CODES, PROVINCES, provinceByCode, provinceCodeSchema } from './provinces.ts';

describe('provinces', () => {
  it('lists the capital and 24 provinces with unique ISO 3166-2:KH codes and names', () => {
    expect(PROVINCES).toHaveLength(25);
    expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(25);
    expect(new Set(PROVINCES.map((p) => p.km)).size).toBe(25);
    expect(PROVINCES.map((p) => p.code)).toEqual([...PROVINCE_CODES]);
    expect(PROVINCES.filter((p) => p.kind === 'capital').map((p) => p.en)).toEqual(['Phnom Penh']);
    for (const p of PROVINCES) expect(p.km).toMatch(/^[\u1780-\u17FF]+$/);
  });

  it('has the Khmer names right', () => {
    expect(provinceByCode('KH-12').km).toBe('ភ្នំពេញ');
    expect(provinceByCode('KH-17').km).toBe('សៀមរាប');
    expect(provinceByCode('KH-18').km).toBe('ព្រះសីហនុ');
    expect(provinceByCode('KH-2').km).toBe('បាត់ដំបង');
    expect(provinceByCode('KH-25').km).toBe('ត្បូងឃ្មុំ');
  });

  it('validates codes with zod', () => {
    expect(provinceCodeSchema.safeParse('KH-12').success).toBe(true);
    expect(provinceCodeSchema.safeParse('KH-26').success).toBe(false);
  });

  it.each([
    ['KH-12', 'KH-12'],
    ['kh12', 'KH-12'],
    ['12', 'KH-12'],
    ['Phnom Penh', 'KH-12'],
    ['  phnom   PENH ', 'KH-12'],
    ['Phnom Penh Capital', 'KH-12'],
    ['Siem Riep', 'KH-17'],
    ['SIEMREAP', 'KH-17'],
    ['Siem Reap Province', 'KH-17'],
    ['Sihanoukville', 'KH-18'],
    ['Kampong Som', 'KH-18'],
    ['Krong Preah Sihanouk', 'KH-18'],
    ['Kompong Cham', 'KH-3'],
    ['Kompong Chhnang', 'KH-4'],
    ['Kratié', 'KH-10'],
    ['Takéo', 'KH-21'],
    ['Rattanakiri', 'KH-16'],
    ['Banteay Mean Chey', 'KH-1'],
    ['Tboung Khmum', 'KH-25'],
    ['ភ្នំពេញ', 'KH-12'],
    ['រាជធានីភ្នំពេញ', 'KH-12'],
    ['ខេត្តសៀមរាប', 'KH-17'],
    ['ខេត្ត សៀមរាប', 'KH-17'],
    ['ព្រះសីហនុ', 'KH-18'],
    ['បាត់ដំបង', 'KH-2'],
    ['កណ្តាល', 'KH-8'], // written with coeng-ta, as often typed
    ['កណ្ដាល', 'KH-8'],
  ])('finds %j → %s', (input, code) => {
    expect(findProvince(input)?.code).toBe(code);
  });

  it.each(['', 'Bangkok', 'KH-26', '0', 'Province', 'ខេត្ត', 'x'.repeat(200)])(
    'finds nothing for %j',
    (input) => {
      expect(findProvince(input)).toBeUndefined();
    },
  );
});
