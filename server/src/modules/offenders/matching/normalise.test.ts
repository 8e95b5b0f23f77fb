import { describe, expect, it } from 'vitest';
import { displayName, normaliseName, normaliseNameParts, significantTokens } from './normalise.ts';

const latin = (raw: string): string[] => normaliseName(raw).tokens.map((t) => t.latin);
const kinds = (raw: string): string[] => normaliseName(raw).tokens.map((t) => t.kind);

describe('normaliseName', () => {
  it('applies NFKC, case-folds and strips Latin diacritics', () => {
    expect(latin('ＳＯＫ　Ｄａｒａ')).toEqual(['sok', 'dara']);
    expect(latin('José Müller-Lüdenscheidt')).toEqual(['jose', 'muller', 'ludenscheidt']);
    expect(latin('Øyvind Ærø Łukasz Straße')).toEqual(['oyvind', 'aero', 'lukasz', 'strasse']);
    expect(latin('Nguyễn Văn Đức')).toEqual(['nguyen', 'van', 'duc']);
  });

  it('removes apostrophes inside names and splits on punctuation', () => {
    expect(latin("O'Brien, Seán")).toEqual(['sean', 'obrien']);
    expect(latin('Smith/Smyth (John)')).toEqual(['smith', 'smyth', 'john']);
  });

  it('reads `SURNAME, Given` with the family name marked', () => {
    const n = normaliseName('SOK, Dara');
    expect(n.familyMarker).toBe('comma');
    expect(displayName(n)).toBe('dara SOK');
  });

  it('marks an ALL-CAPS word among mixed case as the family name', () => {
    const n = normaliseName('Dara SOK');
    expect(n.familyMarker).toBe('caps');
    expect(n.tokens.map((t) => t.family)).toEqual([false, true]);
    expect(normaliseName('DARA SOK').familyMarker).toBe('none');
  });

  it('takes Khmer, Chinese and Korean names as family name first', () => {
    expect(displayName(normaliseName('សុខ ដារ៉ា'))).toBe('SOK dara');
    expect(displayName(normaliseName('王小明'))).toBe('WANG xiaoming');
    expect(displayName(normaliseName('김민준'))).toBe('KIM minjun');
  });

  it('classifies initials, particles and patronymics', () => {
    expect(kinds('J. R. Tolkien')).toEqual(['initial', 'initial', 'word']);
    expect(kinds('Abdullah bin Hamad al-Thani')).toEqual(['word', 'particle', 'word', 'particle', 'word']);
    expect(kinds('Ludwig von Mises')).toEqual(['word', 'particle', 'word']);
    expect(kinds('Иванов Сергей Петрович')).toEqual(['word', 'word', 'patronymic']);
    expect(kinds('Petrova Anna Ivanovna')).toEqual(['word', 'word', 'patronymic']);
  });

  it('keeps Vietnamese middle names and family names that look like particles elsewhere', () => {
    expect(kinds('Lê Văn Thành')).toEqual(['word', 'word', 'word']);
  });

  it('drops titles and generational suffixes but never the whole name', () => {
    expect(latin('Mr. John Smith Jr.')).toEqual(['john', 'smith']);
    expect(latin('Dr')).toEqual(['dr']);
  });

  it('gives no tokens for an empty or symbol-only name', () => {
    expect(normaliseName('   ').tokens).toEqual([]);
    expect(normaliseName('— ? —').tokens).toEqual([]);
  });

  it('splits mixed-script words', () => {
    expect(latin('Wang王')).toEqual(['wang', 'wang']);
  });

  it('builds a name from given and family fields', () => {
    const n = normaliseNameParts('Dara', 'Sok');
    expect(n.familyMarker).toBe('field');
    expect(displayName(n)).toBe('dara SOK');
    expect(normaliseNameParts(undefined, 'Sok').tokens.map((t) => t.latin)).toEqual(['sok']);
  });

  it('leaves particles out of the significant tokens unless nothing else is left', () => {
    expect(significantTokens(normaliseName('Ludwig von Mises')).map((t) => t.latin)).toEqual([
      'ludwig',
      'mises',
    ]);
    expect(significantTokens(normaliseName('de du')).map((t) => t.latin)).toEqual(['de', 'du']);
  });
});
