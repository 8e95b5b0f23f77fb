/**
 * Tables for romanising Khmer script. Sources (see docs/matching.md): UNGEGN "Khmer" romanisation
 * (BGN/PCGN 1972 system as adopted by the UN Group of Experts on Geographical Names), ALA-LC
 * romanisation table for Khmer (Library of Congress, 2012), and the French-based "popular" spellings
 * used on Cambodian passports and ID cards. Each consonant carries its series: `a` (first series,
 * voiceless register) or `o` (second series, breathy register); dependent vowels are read by series.
 */

export type Series = 'a' | 'o';

/** Consonant → [onset romanisation (popular/UNGEGN), series, coda romanisation]. */
export const CONSONANTS: Readonly<Record<string, readonly [string, Series, string]>> = {
  ក: ['k', 'a', 'k'],
  ខ: ['kh', 'a', 'k'],
  គ: ['k', 'o', 'k'],
  ឃ: ['kh', 'o', 'k'],
  ង: ['ng', 'o', 'ng'],
  ច: ['ch', 'a', 'ch'],
  ឆ: ['chh', 'a', 'ch'],
  ជ: ['ch', 'o', 'ch'],
  ឈ: ['chh', 'o', 'ch'],
  ញ: ['nh', 'o', 'nh'],
  ដ: ['d', 'a', 't'],
  ឋ: ['th', 'a', 't'],
  ឌ: ['d', 'o', 't'],
  ឍ: ['th', 'o', 't'],
  ណ: ['n', 'a', 'n'],
  ត: ['t', 'a', 't'],
  ថ: ['th', 'a', 't'],
  ទ: ['t', 'o', 't'],
  ធ: ['th', 'o', 't'],
  ន: ['n', 'o', 'n'],
  ប: ['b', 'a', 'b'],
  ផ: ['ph', 'a', 'p'],
  ព: ['p', 'o', 'p'],
  ភ: ['ph', 'o', 'p'],
  ម: ['m', 'o', 'm'],
  យ: ['y', 'o', 'y'],
  រ: ['r', 'o', ''],
  ល: ['l', 'o', 'l'],
  វ: ['v', 'o', 'v'],
  ឝ: ['s', 'a', 's'],
  ឞ: ['s', 'a', 's'],
  ស: ['s', 'a', 's'],
  ហ: ['h', 'a', 'h'],
  ឡ: ['l', 'a', 'l'],
  អ: ['', 'a', ''],
};

/** Independent vowels (full syllables). */
export const INDEPENDENT_VOWELS: Readonly<Record<string, string>> = {
  ឣ: 'a',
  ឤ: 'a',
  ឥ: 'e',
  ឦ: 'ei',
  ឧ: 'o',
  ឨ: 'ou',
  ឩ: 'ou',
  ឪ: 'ov',
  ឫ: 'rue',
  ឬ: 'rue',
  ឭ: 'lue',
  ឮ: 'lue',
  ឯ: 'ae',
  ឰ: 'ai',
  ឱ: 'ao',
  ឲ: 'ao',
  ឳ: 'au',
};

/**
 * Dependent vowels (and vowel + nikahit / reahmuk combinations, longest first) → [a-series, o-series].
 * Popular spellings: e.g. ា is `a` after a first-series consonant (ដា `da`) and `ea` after a
 * second-series one (ជា `chea`, មាស `meas`).
 */
export const VOWELS: ReadonlyArray<readonly [string, string, string]> = [
  ['\u17BB\u17C6', 'om', 'um'], // ុំ
  ['\u17B6\u17C6', 'am', 'oam'], // ាំ
  ['\u17C1\u17C7', 'eh', 'eh'], // េះ
  ['\u17BB\u17C7', 'oh', 'uh'], // ុះ
  ['\u17B6\u17C7', 'ah', 'eah'], // ាះ
  ['\u17C4\u17C7', 'aoh', 'uoh'], // ោះ
  ['\u17B6', 'a', 'ea'], // ា
  ['\u17B7', 'e', 'i'], // ិ
  ['\u17B8', 'ei', 'i'], // ី
  ['\u17B9', 'oe', 'eu'], // ឹ
  ['\u17BA', 'oeu', 'ueu'], // ឺ
  ['\u17BB', 'o', 'u'], // ុ
  ['\u17BC', 'ou', 'ou'], // ូ
  ['\u17BD', 'uo', 'uo'], // ួ
  ['\u17BE', 'aeu', 'eu'], // ើ
  ['\u17BF', 'oea', 'oea'], // ឿ
  ['\u17C0', 'ie', 'ie'], // ៀ
  ['\u17C1', 'e', 'e'], // េ
  ['\u17C2', 'ae', 'ae'], // ែ
  ['\u17C3', 'ai', 'ey'], // ៃ
  ['\u17C4', 'ao', 'o'], // ោ
  ['\u17C5', 'au', 'ov'], // ៅ
  ['\u17C6', 'am', 'um'], // ំ (nikahit alone)
  ['\u17C7', 'ah', 'eah'], // ះ (reahmuk alone)
];

/** Inherent vowel of a consonant without a vowel sign: [open syllable, closed syllable]. */
export const INHERENT: Readonly<Record<Series, readonly [string, string]>> = {
  a: ['a', 'a'],
  o: ['o', 'o'],
};

export const COENG = '\u17D2';
export const MUUSIKATOAN = '\u17C9'; // second series → first
export const TRIISAP = '\u17CA'; // first series → second
export const BANTOC = '\u17CB';
export const ROBAT = '\u17CC';
export const TOANDAKHIAT = '\u17CD'; // the consonant it sits on is silent
export const SAMYOK_SANNYA = '\u17D0';
/** Signs that carry no sound of their own in a romanisation. */
export const SILENT_SIGNS = new Set([
  '\u17CB',
  '\u17CE',
  '\u17CF',
  '\u17D1',
  '\u17D3',
  '\u17DD',
  '\u200C',
  '\u200D',
]);

/**
 * Popular spellings of common Khmer surnames and given names (first spelling = the one preferred
 * when romanising). Used before the rules, so that `សុខ` reads `sok` and not `sokh`, and so that the
 * matcher can compare every accepted spelling.
 */
export const POPULAR_NAMES: Readonly<Record<string, readonly string[]>> = {
  // surnames
  សុខ: ['sok', 'sokh'],
  ចាន់: ['chan', 'chann'],
  កែវ: ['keo', 'kaev', 'kev'],
  លឹម: ['lim', 'loem', 'lem'],
  ហេង: ['heng'],
  ហ៊ុន: ['hun', 'hoon'],
  ស: ['sar', 'sa', 'sor'],
  អ៊ុក: ['ouk', 'uk', 'ok'],
  ពេជ្រ: ['pich', 'pech', 'petch'],
  មាស: ['meas', 'mias', 'mes'],
  ញឹម: ['nhem', 'nhim', 'nhoem', 'nyem'],
  ជា: ['chea', 'chia', 'jea'],
  សេង: ['seng'],
  លី: ['ly', 'lee', 'li'],
  គីម: ['kim'],
  ទេព: ['tep', 'teb'],
  ប៊ុន: ['bun', 'boun'],
  ស៊ុន: ['sun', 'soun'],
  ឈុន: ['chhun', 'chun'],
  យឹម: ['yim', 'yoem'],
  ហួត: ['huot', 'hout'],
  ខៀវ: ['khieu', 'khiev', 'kheav'],
  ម៉ៅ: ['mao', 'mau'],
  ឡុង: ['long'],
  ទូច: ['touch', 'toch', 'tuch'],
  ព្រំ: ['prum', 'prom'],
  ងួន: ['nguon', 'ngoun'],
  នួន: ['nuon', 'noun'],
  សម: ['sam', 'som'],
  វង្ស: ['vong', 'vaong', 'wong'],
  ទៀ: ['tea', 'tia'],
  ហោ: ['hor', 'hao'],
  គង់: ['kong'],
  ឈឹម: ['chhim', 'chhoem', 'chim'],
  ស្រេង: ['sreng'],
  ម៉ម: ['mam', 'mom'],
  // given names
  ដារ៉ា: ['dara'],
  សុភា: ['sophea', 'sopha'],
  សុផល: ['sophal', 'sophorl'],
  ពិសិដ្ឋ: ['piseth', 'piset'],
  បុប្ផា: ['bopha', 'boppha'],
  ស្រីមុំ: ['sreymom', 'sreimom', 'srey mom'],
  សុខា: ['sokha'],
  វណ្ណា: ['vanna', 'vana'],
  ធារី: ['theary', 'teary', 'thiry'],
  សំណាង: ['samnang'],
  ណារិន: ['narin', 'narinh'],
  វាសនា: ['veasna', 'visna'],
  រស្មី: ['raksmey', 'rasmey', 'reaksmey', 'raksmei'],
  កញ្ញា: ['kanha', 'kagna', 'kannha'],
  បញ្ញា: ['panha', 'pagna', 'bonha'],
  សុវណ្ណ: ['sovann', 'sovan'],
  មករា: ['makara'],
  សុធា: ['sothea'],
  ពិសី: ['pisey', 'pisei'],
  វុទ្ធី: ['vuthy', 'vuthi', 'vutthy'],
  សុភាព: ['sopheap', 'sophiep'],
  ចិន្តា: ['chenda', 'chinda'],
  សុជាតិ: ['socheat', 'sochiet'],
  បូរ៉ា: ['bora', 'borra'],
  ធីតា: ['thida', 'tida'],
  រិទ្ធ: ['rith', 'rit', 'ritt'],
  ស្រីពៅ: ['sreypov', 'sreypeou', 'sreypo'],
  ចាន់ថា: ['chantha', 'chanta'],
  សុគន្ធា: ['sokunthea', 'sokanthea'],
  គន្ធា: ['kunthea', 'kanthea'],
  វិសាល: ['visal', 'vesal'],
  ឧត្តម: ['oudom', 'odom', 'udom'],
  ភក្តី: ['pheakdey', 'pheakdei', 'peakdey'],
  រដ្ឋា: ['rotha', 'ratha'],
  ណារី: ['nary', 'nari'],
  សុម៉ាលី: ['somaly', 'somali'],
  កុសល: ['kosal', 'kusal'],
  វិបុល: ['vibol', 'vipol', 'vibul'],
  សម្បត្តិ: ['sambath', 'sambat'],
  មុន្នី: ['monny', 'moni', 'mony'],
  ដាវី: ['davy', 'davi'],
  ចន្ទ្រា: ['chantrea', 'chantria'],
  រតនា: ['ratana', 'rathana', 'rattana'],
  វិចិត្រ: ['vichet', 'vichit', 'vichett'],
};
