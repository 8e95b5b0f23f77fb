/**
 * Name material for the travellers generator: invented people are composed from these common given
 * names, family names and syllables (no real person is described). Native-script forms come with
 * the Latin spellings a passport or an alternative romanisation would use.
 */

const words = (s: string): string[] => s.trim().split(/\s+/);

export type Culture =
  | 'western'
  | 'russian'
  | 'chinese'
  | 'korean'
  | 'japanese'
  | 'arabic'
  | 'thai'
  | 'vietnamese'
  | 'khmer';

export const WESTERN = {
  male: words(`James John Robert Michael William David Richard Joseph Thomas Charles Daniel Matthew Anthony Mark
    Paul Steven Andrew Kenneth Joshua Kevin Brian George Edward Ronald Timothy Jason Jeffrey Ryan Jacob Gary
    Peter Hans Klaus Jürgen Pierre Jean François Luc Marco Luca Giovanni Lars Nils Sven Jan Pieter Sean Liam`),
  female:
    words(`Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Betty Margaret
    Sandra Ashley Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Rebecca Laura Helen Anna Claire
    Sophie Marie Julia Ingrid Astrid Chiara Giulia Elena Hélène Zoë Chloé Maeve Siobhan`),
  roots:
    words(`Hal Brad Ash Whit Kend Mar Thorn Ster Wil Ell Crom Bent Dal Fen Gar Hol Lind Pem Ros Sel Tal Wen
    Brook Cal Dun Farr Gold Hart Kirk Lang Mor Nor Pen Rad Stan Sut Wake Bar Col Dray`),
  infixes: ['', '', '', 'er', 'ing', 'en', 's', 'el', 'ow', 'am'],
  suffixes:
    words(`ford ley ton wick man son er by wood field more ridge stead well ham den worth bury combe hurst
    brook dale gate holm thorpe shaw cliffe land`),
  european:
    words(`Müller Schäfer Köhler Jørgensen Søndergaard Łukasiewicz Dvořák Nuñez Gonçalves Lefèvre Béranger
    Ødegård Åkesson Bäckström Håkansson Peña Muñoz Citroën Brontë Janssen Dubois Moreau Rossi Russo Bianchi`),
  particles: ['van der', 'van', 'de', 'von', 'di', "O'", 'Mac'],
  countries: words('US GB AU FR DE CA NL IT SE NO DK IE NZ CH BE ES AT'),
};

/** Cyrillic (male forms; the female adds -а / changes -ий → -ая). */
export const RUSSIAN = {
  male: words(`Сергей Алексей Дмитрий Андрей Николай Иван Михаил Владимир Павел Юрий Олег Виктор Игорь Евгений Борис
    Антон Артём Максим Роман Григорий Фёдор Леонид Вадим Константин Станислав`),
  female: words(
    'Ольга Татьяна Елена Наталья Ирина Светлана Анна Мария Юлия Екатерина Ксения Дарья Вера Полина Алина Галина',
  ),
  family: words(`Иванов Петров Смирнов Кузнецов Попов Васильев Соколов Михайлов Новиков Фёдоров Морозов Волков
    Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин Захаров Зайцев
    Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов Александров Дмитриев Королёв Гусев Киселёв`),
  fathers: words(
    'Сергей Алексей Иван Михаил Владимир Павел Виктор Николай Петр Андрей Антон Роман Максим Олег Юрий',
  ),
  countries: ['RU', 'UA', 'BY', 'KZ'],
};

export const CHINESE = {
  family: [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡'],
  given: [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂文华建国玉兰红英志海春东晓燕鹏宇婷浩'],
  countries: ['CN', 'CN', 'CN', 'TW', 'HK', 'SG', 'MY'],
};

/** [Hangul, passport spelling, other spellings]. */
export const KOREAN = {
  family: [
    ['김', 'Kim', 'Gim'],
    ['이', 'Lee', 'Yi|Rhee'],
    ['박', 'Park', 'Pak|Bak'],
    ['최', 'Choi', 'Choe'],
    ['정', 'Jung', 'Jeong|Chung'],
    ['강', 'Kang', 'Gang'],
    ['조', 'Cho', 'Jo'],
    ['윤', 'Yoon', 'Yun'],
    ['장', 'Jang', 'Chang'],
    ['임', 'Lim', 'Im'],
    ['한', 'Han', 'Hahn'],
    ['오', 'Oh', 'O'],
    ['서', 'Seo', 'Suh'],
    ['신', 'Shin', 'Sin'],
    ['권', 'Kwon', 'Gwon'],
    ['황', 'Hwang', 'Whang'],
    ['안', 'Ahn', 'An'],
    ['송', 'Song', 'Soung'],
    ['홍', 'Hong', 'Houng'],
    ['문', 'Moon', 'Mun'],
  ],
  syllables: [...'민준서연지현우영수진성호은혜동희정훈상철규경윤재하나미선태용석원인주환혁찬승예다'],
  countries: ['KR'],
};

export const JAPANESE = {
  family:
    words(`やまだ たなか すずき さとう たかはし わたなべ いとう なかむら こばやし かとう よしだ やまもと ささき まつもと
    いのうえ きむら はやし しみず やまぐち もり いけだ はしもと あべ いしかわ やまざき おがわ おかだ ごとう はせがわ むらかみ
    こんどう いしい さかもと えんどう あおき ふじい にしむら ふくだ おおた みうら`),
  male: words(
    'たろう けんじ ひろし まこと あきら だいすけ ゆうき しょうた なおき りょう こうじ まさお たかし ひでき かずや しんじ てつや まさる よしお ゆうた',
  ),
  female: words(
    'はなこ ゆみ さくら あい まさこ けいこ ようこ みどり えみ ちひろ なおみ まゆみ あやか ゆうこ りえ',
  ),
  countries: ['JP'],
};

/** [Latin spellings (first = list form), Arabic script]. */
export const ARABIC = {
  male: [
    [['Mohammed', 'Muhammad', 'Mohamed', 'Mohammad'], 'محمد'],
    [['Ahmed', 'Ahmad'], 'أحمد'],
    [['Ali', 'Aly'], 'علي'],
    [['Hassan', 'Hasan'], 'حسن'],
    [['Khaled', 'Khalid'], 'خالد'],
    [['Omar', 'Umar'], 'عمر'],
    [['Youssef', 'Yusuf', 'Yousef'], 'يوسف'],
    [['Ibrahim', 'Ebrahim'], 'إبراهيم'],
    [['Abdullah', 'Abdallah'], 'عبدالله'],
    [['Saeed', 'Said', 'Saied'], 'سعيد'],
    [['Tariq', 'Tarek'], 'طارق'],
    [['Mustafa', 'Moustafa'], 'مصطفى'],
    [['Hamza', 'Hamzah'], 'حمزة'],
    [['Faisal', 'Faysal'], 'فيصل'],
  ] as Array<[string[], string]>,
  family: [
    [['Al-Rashid', 'Al Rasheed', 'Alrashid'], 'الرشيد'],
    [['Al-Hassan', 'El Hassan'], 'الحسن'],
    [['Al-Mansour', 'Almansoor'], 'المنصور'],
    [['Al-Qasim', 'Al Kasim'], 'القاسم'],
    [['Al-Zahrani', 'Alzahrani'], 'الزهراني'],
    [['Al-Shammari', 'Al Shamari'], 'الشمري'],
    [['Al-Harbi', 'Alharbi'], 'الحربي'],
    [['Al-Otaibi', 'Al Utaybi'], 'العتيبي'],
    [['Al-Nuaimi', 'Al Naimi'], 'النعيمي'],
    [['Haddad', 'Hadad'], 'حداد'],
    [['Khoury', 'Khouri', 'Khuri'], 'خوري'],
    [['Nasser', 'Nasir'], 'ناصر'],
    [['Saleh', 'Salih'], 'صالح'],
    [['Aziz', 'Abdelaziz'], 'عزيز'],
    [['Mahmoud', 'Mahmud'], 'محمود'],
    [['Darwish', 'Derwish'], 'درويش'],
  ] as Array<[string[], string]>,
  countries: ['SA', 'AE', 'EG', 'JO', 'LB', 'QA', 'KW', 'MA'],
};

export const THAI = {
  first: words('Som Sak Chai Wan Pra Sup Kit Nat Thana Anu Wira Sura Pim Mali Nok Ratt'),
  second: words('chai sak porn phong sri nee wat thep dee rat ya chan'),
  family: words('Sri suk Wong sawat Jai dee Rat tana Kul phan Boon yai Ngam Pong kit Siri Thong Chai'),
  countries: ['TH'],
};

export const VIETNAMESE = {
  family: words('Nguyễn Trần Lê Phạm Hoàng Phan Vũ Đặng Bùi Đỗ Hồ Ngô Dương Lý'),
  middle: words('Văn Thị Minh Đức Hữu Quang Thanh Ngọc Xuân Hồng'),
  given:
    words(`An Bình Cường Dũng Hải Hùng Lan Linh Mai Nam Phong Quân Sơn Thảo Trang Tuấn Vy Yến Hương Khoa Long Huy
    Anh Bảo Châu Chi Duy Đạt Giang Hà Hạnh Hiếu Hoa Hòa Khánh Khang Kiên Lâm Lộc Minh Ngân Nhi Nhung Phúc Phương
    Quang Quỳnh Tâm Thắng Thành Thảo Thu Thủy Tiến Toàn Trí Trung Tú Tùng Uyên Việt Vinh Xuân Yên`),
  countries: ['VN'],
};

/** Weights of each culture among listed offenders and among arriving travellers. */
export const WATCHLIST_MIX: Record<Culture, number> = {
  western: 45,
  russian: 8,
  chinese: 8,
  korean: 6,
  japanese: 3,
  arabic: 4,
  thai: 5,
  vietnamese: 6,
  khmer: 15,
};
export const TRAVELLER_MIX: Record<Culture, number> = {
  western: 35,
  russian: 5,
  chinese: 18,
  korean: 10,
  japanese: 5,
  arabic: 3,
  thai: 8,
  vietnamese: 10,
  khmer: 6,
};
