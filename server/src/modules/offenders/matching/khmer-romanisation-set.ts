/**
 * Khmer romanisation test set: invented person names (family name first, as written in Khmer),
 * composed of common Cambodian family and given names, each with the Latin spellings accepted for it
 * on passports, ID cards and in foreign police notices. Sources of the spellings: UNGEGN / BGN-PCGN
 * (1972) romanisation of Khmer, the ALA-LC Khmer romanisation table, and the "popular" French-based
 * spellings of Cambodian names (see docs/matching.md §Khmer). No real person is meant.
 *
 * `rule` marks names that are not in the matcher's dictionary of popular spellings, so that the test
 * exercises the rule-based transliteration too.
 */

export interface KhmerPart {
  khmer: string;
  spellings: readonly string[];
  rule?: boolean;
}

export const KHMER_FAMILY_NAMES: readonly KhmerPart[] = [
  { khmer: 'សុខ', spellings: ['Sok', 'Sokh'] },
  { khmer: 'ចាន់', spellings: ['Chan', 'Chann'] },
  { khmer: 'កែវ', spellings: ['Keo', 'Kaev'] },
  { khmer: 'លឹម', spellings: ['Lim', 'Loem'] },
  { khmer: 'ហេង', spellings: ['Heng'] },
  { khmer: 'ហ៊ុន', spellings: ['Hun', 'Hoon'] },
  { khmer: 'ស', spellings: ['Sar', 'Sa'] },
  { khmer: 'អ៊ុក', spellings: ['Ouk', 'Uk'] },
  { khmer: 'ពេជ្រ', spellings: ['Pich', 'Pech'] },
  { khmer: 'មាស', spellings: ['Meas', 'Mias'] },
  { khmer: 'ញឹម', spellings: ['Nhem', 'Nhim'] },
  { khmer: 'ជា', spellings: ['Chea', 'Chia'] },
  { khmer: 'សេង', spellings: ['Seng'] },
  { khmer: 'លី', spellings: ['Ly', 'Lee'] },
  { khmer: 'គីម', spellings: ['Kim'] },
  { khmer: 'ទេព', spellings: ['Tep'] },
  { khmer: 'ប៊ុន', spellings: ['Bun', 'Boun'] },
  { khmer: 'ឈុន', spellings: ['Chhun', 'Chun'] },
  { khmer: 'ហួត', spellings: ['Huot', 'Hout'] },
  { khmer: 'ខៀវ', spellings: ['Khieu', 'Khiev'] },
  { khmer: 'ទូច', spellings: ['Touch', 'Toch'] },
  { khmer: 'ព្រំ', spellings: ['Prum', 'Prom'] },
  { khmer: 'នួន', spellings: ['Nuon', 'Noun'] },
  { khmer: 'គង់', spellings: ['Kong'] },
  { khmer: 'ស៊ុំ', spellings: ['Sum', 'Som'], rule: true },
  { khmer: 'ម៉ែន', spellings: ['Men', 'Maen'], rule: true },
  { khmer: 'ឃុន', spellings: ['Khun', 'Khon'], rule: true },
];

export const KHMER_GIVEN_NAMES: readonly KhmerPart[] = [
  { khmer: 'ដារ៉ា', spellings: ['Dara'] },
  { khmer: 'សុភា', spellings: ['Sophea', 'Sopha'] },
  { khmer: 'សុផល', spellings: ['Sophal'] },
  { khmer: 'ពិសិដ្ឋ', spellings: ['Piseth', 'Piset'] },
  { khmer: 'បុប្ផា', spellings: ['Bopha', 'Boppha'] },
  { khmer: 'ស្រីមុំ', spellings: ['Sreymom', 'Srey Mom'] },
  { khmer: 'សុខា', spellings: ['Sokha'] },
  { khmer: 'វណ្ណា', spellings: ['Vanna', 'Vana'] },
  { khmer: 'ធារី', spellings: ['Theary', 'Teary'] },
  { khmer: 'សំណាង', spellings: ['Samnang'] },
  { khmer: 'ណារិន', spellings: ['Narin'] },
  { khmer: 'វាសនា', spellings: ['Veasna'] },
  { khmer: 'រស្មី', spellings: ['Raksmey', 'Reaksmey'] },
  { khmer: 'បញ្ញា', spellings: ['Panha', 'Pagna'] },
  { khmer: 'សុវណ្ណ', spellings: ['Sovann', 'Sovan'] },
  { khmer: 'មករា', spellings: ['Makara'] },
  { khmer: 'សុធា', spellings: ['Sothea'] },
  { khmer: 'ពិសី', spellings: ['Pisey', 'Pisei'] },
  { khmer: 'វុទ្ធី', spellings: ['Vuthy', 'Vuthi'] },
  { khmer: 'សុភាព', spellings: ['Sopheap'] },
  { khmer: 'ចិន្តា', spellings: ['Chenda', 'Chinda'] },
  { khmer: 'សុជាតិ', spellings: ['Socheat'] },
  { khmer: 'បូរ៉ា', spellings: ['Bora'] },
  { khmer: 'ធីតា', spellings: ['Thida'] },
  { khmer: 'រិទ្ធ', spellings: ['Rith', 'Rit'] },
  { khmer: 'ចាន់ថា', spellings: ['Chantha'] },
  { khmer: 'គន្ធា', spellings: ['Kunthea', 'Kanthea'] },
  { khmer: 'វិសាល', spellings: ['Visal'] },
  { khmer: 'ឧត្តម', spellings: ['Oudom', 'Odom'] },
  { khmer: 'ភក្តី', spellings: ['Pheakdey', 'Pheakdei'] },
  { khmer: 'ណារី', spellings: ['Nary'] },
  { khmer: 'សុម៉ាលី', spellings: ['Somaly'] },
  { khmer: 'កុសល', spellings: ['Kosal'] },
  { khmer: 'វិបុល', spellings: ['Vibol'] },
  { khmer: 'សម្បត្តិ', spellings: ['Sambath'] },
  { khmer: 'រតនា', spellings: ['Ratana', 'Rathana'] },
  { khmer: 'សុខុម', spellings: ['Sokhom', 'Sokhum'], rule: true },
  { khmer: 'ចាន់ណា', spellings: ['Channa', 'Chana'], rule: true },
  { khmer: 'សុផាត', spellings: ['Sophat', 'Sophath'], rule: true },
  { khmer: 'ដាវុធ', spellings: ['Davuth', 'Davut'], rule: true },
  { khmer: 'ពិសាល', spellings: ['Pisal'], rule: true },
  { khmer: 'សុខេង', spellings: ['Sokheng'], rule: true },
  { khmer: 'ម៉ាលី', spellings: ['Maly', 'Mali'], rule: true },
  { khmer: 'សុភី', spellings: ['Sophy', 'Sophi'], rule: true },
];

export interface KhmerNamePair {
  /** Family name first, as written in Khmer. */
  khmer: string;
  /** Accepted Latin spellings (family name first; the matcher also accepts the given-name-first order). */
  accepted: string[];
  /** A part of the name is outside the matcher's dictionary (romanised by rule). */
  rule: boolean;
}

/** 66 invented names: family name i with given name (7·i + 3) mod n, and a second pass shifted. */
export function khmerNamePairs(): KhmerNamePair[] {
  const out: KhmerNamePair[] = [];
  const f = KHMER_FAMILY_NAMES;
  const g = KHMER_GIVEN_NAMES;
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < f.length; i++) {
      const family = f[i]!;
      const given = g[(7 * i + 3 + pass * 11) % g.length]!;
      out.push({
        khmer: `${family.khmer} ${given.khmer}`,
        accepted: family.spellings.flatMap((fs) => given.spellings.map((gs) => `${fs.toUpperCase()} ${gs}`)),
        rule: Boolean(family.rule || given.rule),
      });
    }
  }
  for (const given of g.filter((x) => x.rule)) {
    out.push({ khmer: `សុខ ${given.khmer}`, accepted: given.spellings.map((gs) => `SOK ${gs}`), rule: true });
  }
  return out;
}
