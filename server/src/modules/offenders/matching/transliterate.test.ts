import { describe, expect, it } from 'vitest';
import { skeletonOf, softForm } from './phonetic.ts';
import { detectScript, splitByScript } from './scripts.ts';
import { transliterateWord } from './transliterate.ts';

const t = (word: string): string[] => transliterateWord(word, detectScript(word));

describe('script detection', () => {
  it.each([
    ['Smith', 'latin'],
    ['Müller', 'latin'],
    ['សុខ', 'khmer'],
    ['Иванов', 'cyrillic'],
    ['Παπαδόπουλος', 'greek'],
    ['王小明', 'han'],
    ['김민준', 'hangul'],
    ['やまだ', 'kana'],
    ['ヤマダ', 'kana'],
    ['山田たろう', 'kana'],
    ['สมชาย', 'thai'],
    ['محمد', 'arabic'],
    ['סנדלר', 'hebrew'],
    ['123', 'other'],
  ])('%s is %s', (word, script) => {
    expect(detectScript(word)).toBe(script);
  });

  it('splits a word where the script changes', () => {
    expect(splitByScript('IvanovИванов')).toEqual(['Ivanov', 'Иванов']);
  });
});

describe('transliteration to Latin', () => {
  it('Khmer (own tables)', () => {
    expect(t('សុខ')).toEqual(['sok']);
    expect(t('ដារ៉ា')).toEqual(['dara']);
    expect(t('ចាន់')).toEqual(['chan']);
  });
  it('Cyrillic (Russian, Ukrainian, Belarusian)', () => {
    expect(t('Иванов')).toEqual(['ivanov']);
    expect(t('Щукин')).toEqual(['shchukin']);
    expect(t('Хрущёв')).toEqual(['khrushchev']);
    expect(t('Васільеў')[0]).toMatch(/^vasil/);
  });
  it('Greek (passport digraphs)', () => {
    expect(t('Παπαδόπουλος')).toEqual(['papadopoulos']);
    expect(t('Αλέξανδρος')).toEqual(['alexandros']);
  });
  it('Han as pinyin, family name split off', () => {
    expect(t('王小明')).toEqual(['wang', 'xiaoming']);
    expect(t('欧阳娜娜')).toEqual(['ouyang', 'nana']);
    expect(t('张')).toEqual(['zhang']);
  });
  it('Hangul with passport family-name spellings', () => {
    expect(t('김민준')).toEqual(['kim', 'minjun']);
    expect(t('박')).toEqual(['park']);
    expect(t('이서연')).toEqual(['lee', 'seoyeon']);
  });
  it('Kana (Hepburn)', () => {
    expect(t('ヤマダ')).toEqual(['yamada']);
    expect(t('たなか')).toEqual(['tanaka']);
  });
  it('Thai, Arabic, Hebrew', () => {
    expect(t('สมชาย')[0]).toMatch(/^smch/);
    expect(t('محمد')).toEqual(['mhmd']);
    expect(t('كوكس')).toEqual(['kuks']);
    expect(t('סנדלר')).toEqual(['sndlr']);
  });
});

describe('phonetic forms', () => {
  it.each([
    ['sokh', 'sok'],
    ['chhay', 'jai'],
    ['zhang', 'jang'],
    ['schmidt', 'smit'],
    ['iwanow', 'ivanov'],
    ['philippe', 'filipe'],
  ])('soft form of %s is %s', (latin, soft) => {
    expect(softForm(latin)).toBe(soft);
  });
  it('gives the same skeleton to transliteration variants', () => {
    const sk = (s: string): string => skeletonOf(softForm(s));
    expect(sk('chan')).toBe(sk('chhan'));
    expect(sk('nhem')).toBe(sk('nyem'));
    expect(sk('mohammed')).toBe(sk('mhmd'));
    expect(sk('ivanov')).toBe(sk('ivanoff'));
    expect(sk('crewson')).toBe(sk('kelusen'));
    expect(sk('ea')).toBe('Ve');
  });
});
