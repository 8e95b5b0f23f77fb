import { describe, expect, it } from 'vitest';
import { formatDateTime, localName } from './format';

describe('formatDateTime', () => {
  // 2026-03-12 07:05 UTC; the test asserts the shape, whatever the machine's time zone.
  const at = '2026-03-12T07:05:00.000Z';

  it('writes Khmer dates with Khmer month names and a 24-hour clock', () => {
    expect(formatDateTime(at, 'km')).toMatch(/^\d{1,2} (មីនា) 2026 \d{2}:\d{2}$/);
  });

  it('writes English dates the British way', () => {
    expect(formatDateTime(at, 'en')).toMatch(/^\d{1,2} Mar 2026, \d{2}:\d{2}$/);
  });

  it('shows nothing for no date and the raw text for a broken one', () => {
    expect(formatDateTime(null, 'km')).toBe('');
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
  });
});

describe('localName', () => {
  it('picks the name of the current language', () => {
    const unit = { nameEn: 'Hotline desk', nameKm: 'ផ្នែកទូរស័ព្ទទាន់ហេតុការណ៍' };
    expect(localName(unit, 'en')).toBe('Hotline desk');
    expect(localName(unit, 'km')).toBe('ផ្នែកទូរស័ព្ទទាន់ហេតុការណ៍');
    expect(localName(null, 'km')).toBe('');
  });
});
