/**
 * Transliteration of one word to lower-case ASCII Latin, by script. Khmer uses our own tables
 * (khmer.ts); Han is read as Mandarin pinyin and split into family name + given name; Hangul family
 * names use the spellings found on passports (김 → kim, 박 → park); everything else goes through
 * any-ascii (Cyrillic, Greek, kana, Thai, Arabic, Hebrew, Latin diacritics…).
 */
import anyAscii from 'any-ascii';
import { romaniseKhmer } from './khmer.ts';
import type { Script } from './scripts.ts';

/** Hangul family names → the spelling Korean passports use most. */
const HANGUL_SURNAMES: Readonly<Record<string, string>> = {
  김: 'kim',
  이: 'lee',
  박: 'park',
  최: 'choi',
  정: 'jung',
  강: 'kang',
  조: 'cho',
  윤: 'yoon',
  장: 'jang',
  임: 'lim',
  한: 'han',
  오: 'oh',
  서: 'seo',
  신: 'shin',
  권: 'kwon',
  황: 'hwang',
  안: 'ahn',
  송: 'song',
  류: 'ryu',
  유: 'yoo',
  전: 'jeon',
  홍: 'hong',
  고: 'ko',
  문: 'moon',
  양: 'yang',
  손: 'son',
  배: 'bae',
  백: 'baek',
  허: 'heo',
  남: 'nam',
  심: 'shim',
  노: 'noh',
  하: 'ha',
  곽: 'kwak',
  성: 'sung',
  차: 'cha',
  주: 'joo',
  우: 'woo',
  구: 'koo',
  민: 'min',
  나: 'na',
  진: 'jin',
  지: 'ji',
  엄: 'um',
  채: 'chae',
  원: 'won',
  천: 'chun',
  방: 'bang',
  공: 'kong',
  현: 'hyun',
  함: 'ham',
  변: 'byun',
  염: 'yeom',
  여: 'yeo',
};

/** Two-character Chinese family names (the rest are one character). */
const HAN_COMPOUND_SURNAMES = new Set([
  '欧阳',
  '歐陽',
  '司马',
  '司馬',
  '上官',
  '诸葛',
  '諸葛',
  '东方',
  '東方',
  '皇甫',
  '尉迟',
  '尉遲',
  '公孙',
  '公孫',
  '慕容',
  '令狐',
  '长孙',
  '長孫',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '軒轅',
  '端木',
  '独孤',
  '獨孤',
]);

const lowerAscii = (s: string): string => s.toLowerCase().replace(/[^a-z]+/g, '');

/** Greek digraphs as Greek passports write them, before the letter-by-letter pass. */
function preGreek(word: string): string {
  return word
    .toLowerCase()
    .replace(/ου/g, 'ou')
    .replace(/αυ/g, 'av')
    .replace(/ευ/g, 'ev')
    .replace(/^μπ/, 'b')
    .replace(/^ντ/, 'd')
    .replace(/γγ|γκ/g, 'ng');
}

/** Cyrillic letters whose any-ascii reading differs from the passport (ICAO 9303) spelling. */
function preCyrillic(word: string): string {
  return word.toLowerCase().replace(/ё/g, 'е').replace(/ъ|ь/g, '');
}

/**
 * Arabic and Hebrew write long vowels with the letters waw/vav and ya/yod, which any-ascii renders as
 * consonants (`كوكس` → kwks): read them as vowels unless a vowel follows (`kwks` → kuks, `ywsf` → iusf);
 * a final h after a consonant is the ta marbuta, read -a (`حمزة` → hmza).
 */
function abjadVowels(latin: string): string {
  return latin
    .replace(/w(?![aeiou])/g, 'u')
    .replace(/y(?![aeiou])/g, 'i')
    .replace(/([^aeiou])h$/, '$1a'); // ta marbuta (ة) reads -a
}

/**
 * Transliterate one word of the given script. Returns one or more Latin parts: a Han or Hangul word
 * written without spaces (王小明, 김민준) is split into family name and given name.
 */
export function transliterateWord(word: string, script: Script): string[] {
  switch (script) {
    case 'khmer':
      return [romaniseKhmer(word)];
    case 'han': {
      const chars = [...word];
      if (chars.length < 2 || chars.length > 4) return [lowerAscii(anyAscii(word))];
      const surnameLength = HAN_COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
      const family = lowerAscii(anyAscii(chars.slice(0, surnameLength).join('')));
      const given = lowerAscii(anyAscii(chars.slice(surnameLength).join('')));
      return given ? [family, given] : [family];
    }
    case 'hangul': {
      const syllables = [...word];
      const first = HANGUL_SURNAMES[syllables[0] ?? ''];
      if (syllables.length === 1) return [first ?? lowerAscii(anyAscii(word))];
      if (syllables.length >= 2 && syllables.length <= 4 && first) {
        return [first, lowerAscii(anyAscii(syllables.slice(1).join('')))];
      }
      return [lowerAscii(anyAscii(word))];
    }
    case 'arabic':
    case 'hebrew':
      return [abjadVowels(lowerAscii(anyAscii(word)))];
    case 'greek':
      return [lowerAscii(anyAscii(preGreek(word)))];
    case 'cyrillic':
      return [lowerAscii(anyAscii(preCyrillic(word)))];
    default:
      return [lowerAscii(anyAscii(word))];
  }
}
