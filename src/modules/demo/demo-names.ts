/** Russian names for the demo clinic's patients: surname, first name and patronymic agree in gender. */
export interface DemoName {
  lastName: string;
  firstName: string;
  middleName: string;
}

const MALE_FIRST = [
  'Александр',
  'Дмитрий',
  'Сергей',
  'Андрей',
  'Алексей',
  'Михаил',
  'Иван',
  'Максим',
  'Павел',
  'Николай',
  'Евгений',
  'Владимир',
  'Артём',
  'Игорь',
  'Роман',
  'Олег',
  'Виктор',
  'Константин',
];
const FEMALE_FIRST = [
  'Анна',
  'Мария',
  'Елена',
  'Ольга',
  'Наталья',
  'Татьяна',
  'Ирина',
  'Екатерина',
  'Светлана',
  'Юлия',
  'Дарья',
  'Анастасия',
  'Марина',
  'Ксения',
  'Виктория',
  'Людмила',
  'Полина',
  'Алёна',
];
// Patronymics from fathers' names, in the male and the female form.
const PATRONYMICS: Array<[string, string]> = [
  ['Александрович', 'Александровна'],
  ['Дмитриевич', 'Дмитриевна'],
  ['Сергеевич', 'Сергеевна'],
  ['Андреевич', 'Андреевна'],
  ['Алексеевич', 'Алексеевна'],
  ['Михайлович', 'Михайловна'],
  ['Иванович', 'Ивановна'],
  ['Петрович', 'Петровна'],
  ['Николаевич', 'Николаевна'],
  ['Владимирович', 'Владимировна'],
  ['Викторович', 'Викторовна'],
  ['Юрьевич', 'Юрьевна'],
];
// Surnames in the male and the female form.
const SURNAMES: Array<[string, string]> = [
  ['Иванов', 'Иванова'],
  ['Смирнов', 'Смирнова'],
  ['Кузнецов', 'Кузнецова'],
  ['Попов', 'Попова'],
  ['Васильев', 'Васильева'],
  ['Петров', 'Петрова'],
  ['Соколов', 'Соколова'],
  ['Михайлов', 'Михайлова'],
  ['Новиков', 'Новикова'],
  ['Фёдоров', 'Фёдорова'],
  ['Морозов', 'Морозова'],
  ['Волков', 'Волкова'],
  ['Алексеев', 'Алексеева'],
  ['Лебедев', 'Лебедева'],
  ['Семёнов', 'Семёнова'],
  ['Егоров', 'Егорова'],
  ['Павлов', 'Павлова'],
  ['Козлов', 'Козлова'],
  ['Степанов', 'Степанова'],
  ['Николаев', 'Николаева'],
  ['Орлов', 'Орлова'],
  ['Андреев', 'Андреева'],
  ['Макаров', 'Макарова'],
  ['Никитин', 'Никитина'],
  ['Захаров', 'Захарова'],
  ['Зайцев', 'Зайцева'],
  ['Соловьёв', 'Соловьёва'],
  ['Борисов', 'Борисова'],
  ['Яковлев', 'Яковлева'],
  ['Григорьев', 'Григорьева'],
  ['Романов', 'Романова'],
  ['Воробьёв', 'Воробьёва'],
  ['Сергеев', 'Сергеева'],
  ['Кузьмин', 'Кузьмина'],
  ['Фролов', 'Фролова'],
  ['Белоусов', 'Белоусова'],
  ['Тихонов', 'Тихонова'],
  ['Крылов', 'Крылова'],
  ['Гусев', 'Гусева'],
  ['Титов', 'Титова'],
];

/** A consistent name: `pick` returns an index below its argument (the caller's random source). */
export function demoName(pick: (n: number) => number): DemoName {
  const female = pick(100) < 62; // clinics see more women
  const [maleSurname, femaleSurname] = SURNAMES[pick(SURNAMES.length)]!;
  const [malePatronymic, femalePatronymic] = PATRONYMICS[pick(PATRONYMICS.length)]!;
  return female
    ? { lastName: femaleSurname, firstName: FEMALE_FIRST[pick(FEMALE_FIRST.length)]!, middleName: femalePatronymic }
    : { lastName: maleSurname, firstName: MALE_FIRST[pick(MALE_FIRST.length)]!, middleName: malePatronymic };
}

export function isFemaleName(name: DemoName): boolean {
  return FEMALE_FIRST.includes(name.firstName);
}
