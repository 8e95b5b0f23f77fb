import { CASE_PERSON_ROLES, type CasePersonRole, PERSON_GENDERS } from '@karpear/contracts';
import { Button, Group, Radio, Select, Stack, TextInput, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { type PersonIdentityInput, useAttachPerson } from './persons.api';

const MAX_NAMES = 10;
const DOB = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const ALPHA2 = /^[A-Za-z]{2}$/;

interface Problems {
  names?: string;
  role?: string;
  dob?: string;
  nationality?: string;
  passportCountry?: string;
  passportNumber?: string;
}

/** What the form checks before sending (the server checks again and names the field it refuses). */
export function checkPersonForm(
  form: {
    names: string[];
    role: string | null;
    dob: string;
    nationality: string;
    passportCountry: string;
    passportNumber: string;
  },
  t: TFunction,
): Problems {
  const problems: Problems = {};
  if (form.names.every((n) => n.trim() === '')) problems.names = t('persons.form.nameMissing');
  if (!form.role) problems.role = t('persons.form.roleMissing');
  if (form.dob.trim() && !DOB.test(form.dob.trim())) problems.dob = t('persons.form.dobInvalid');
  if (form.nationality.trim() && !ALPHA2.test(form.nationality.trim()))
    problems.nationality = t('persons.form.countryInvalid');
  const hasPassport = form.passportCountry.trim() !== '' || form.passportNumber.trim() !== '';
  if (hasPassport && !ALPHA2.test(form.passportCountry.trim()))
    problems.passportCountry = t('persons.form.countryInvalid');
  if (hasPassport && form.passportNumber.trim().length < 4)
    problems.passportNumber = t('persons.form.passportInvalid');
  return problems;
}

/** "Add person": names in any script with one primary, DOB at its precision, nationality, passport, role. */
export function CasePersonForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const attach = useAttachPerson(caseId);
  const [names, setNames] = useState<string[]>(['']);
  const [primary, setPrimary] = useState(0);
  const [role, setRole] = useState<CasePersonRole | null>(null);
  const [dob, setDob] = useState('');
  const [gender, setGender] = useState<string | null>(null);
  const [nationality, setNationality] = useState('');
  const [passportCountry, setPassportCountry] = useState('');
  const [passportNumber, setPassportNumber] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const server = fieldErrors(t, attach.error);

  const reset = () => {
    setNames(['']);
    setPrimary(0);
    setRole(null);
    setDob('');
    setGender(null);
    setNationality('');
    setPassportCountry('');
    setPassportNumber('');
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const now = checkPersonForm({ names, role, dob, nationality, passportCountry, passportNumber }, t);
    setProblems(now);
    if (Object.keys(now).length > 0 || !role) return;
    const kept = names
      .map((name, i) => ({ name: name.trim(), primary: i === primary }))
      .filter((n) => n.name);
    if (!kept.some((n) => n.primary) && kept[0]) kept[0].primary = true;
    const person: PersonIdentityInput = {
      names: kept,
      ...(dob.trim() ? { dob: dob.trim() } : {}),
      ...(gender ? { gender: gender as PersonIdentityInput['gender'] } : {}),
      ...(nationality.trim() ? { nationalities: [nationality.trim().toUpperCase()] } : {}),
      ...(passportNumber.trim()
        ? { passports: [{ country: passportCountry.trim().toUpperCase(), number: passportNumber.trim() }] }
        : {}),
    };
    attach.mutate({ person, role }, { onSuccess: reset });
  };

  const nameError = (i: number) =>
    server(`person.names.${i}.name`) ?? (i === 0 ? (problems.names ?? server('person.names')) : undefined);
  const shownFields = [
    'person.names',
    'person.dob',
    'person.nationalities.0',
    'person.passports.0.country',
    'person.passports.0.number',
    'role',
    ...names.map((_, i) => `person.names.${i}.name`),
  ];
  const unshownServerError = attach.isError && !shownFields.some((f) => server(f) !== undefined);

  return (
    <form onSubmit={submit} noValidate aria-labelledby="new-person-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="new-person-heading">
          {t('persons.form.title')}
        </Title>
        <LiveAlert message={unshownServerError ? errorMessage(t, attach.error) : null} />
        <LiveAlert
          tone="info"
          message={
            attach.isSuccess
              ? attach.data.deconfliction.alertsRaised > 0
                ? t('persons.form.addedDeconflicted')
                : t('persons.form.added')
              : null
          }
        />
        <Radio.Group
          label={t('persons.form.names')}
          description={t('persons.form.namesHelp')}
          value={String(primary)}
          onChange={(value) => setPrimary(Number(value))}
        >
          <Stack gap="xs" mt="xs">
            {names.map((name, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional; names may repeat while typed
              <Group key={i} align="flex-start" wrap="nowrap">
                <TextInput
                  style={{ flex: 1 }}
                  aria-label={t('persons.form.nameN', { n: i + 1 })}
                  maxLength={200}
                  value={name}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    setNames((all) => all.map((n, j) => (j === i ? value : n)));
                  }}
                  error={nameError(i)}
                />
                <Radio value={String(i)} label={t('persons.form.primary')} mt={8} />
                {names.length > 1 && (
                  <Button
                    variant="subtle"
                    color="red"
                    aria-label={t('persons.form.removeName', { n: i + 1 })}
                    onClick={() => {
                      setNames((all) => all.filter((_, j) => j !== i));
                      setPrimary((p) => (p === i ? 0 : p > i ? p - 1 : p));
                    }}
                  >
                    {t('persons.form.remove')}
                  </Button>
                )}
              </Group>
            ))}
          </Stack>
        </Radio.Group>
        {names.length < MAX_NAMES && (
          <Group>
            <Button variant="light" onClick={() => setNames((all) => [...all, ''])}>
              {t('persons.form.addName')}
            </Button>
          </Group>
        )}
        <Group grow align="flex-start">
          <Select
            label={t('persons.form.role')}
            required
            data={CASE_PERSON_ROLES.map((value) => ({ value, label: t(`persons.role.${value}`) }))}
            value={role}
            onChange={(value) => setRole(value as CasePersonRole | null)}
            error={problems.role ?? server('role')}
          />
          <TextInput
            label={t('persons.form.dob')}
            description={t('persons.form.dobHelp')}
            maxLength={10}
            value={dob}
            onChange={(event) => setDob(event.currentTarget.value)}
            error={problems.dob ?? server('person.dob')}
          />
          <Select
            label={t('persons.form.gender')}
            clearable
            data={PERSON_GENDERS.map((value) => ({ value, label: t(`persons.gender.${value}`) }))}
            value={gender}
            onChange={setGender}
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label={t('persons.form.nationality')}
            description={t('persons.form.countryHelp')}
            maxLength={2}
            value={nationality}
            onChange={(event) => setNationality(event.currentTarget.value)}
            error={problems.nationality ?? server('person.nationalities.0')}
          />
          <TextInput
            label={t('persons.form.passportCountry')}
            description={t('persons.form.countryHelp')}
            maxLength={2}
            value={passportCountry}
            onChange={(event) => setPassportCountry(event.currentTarget.value)}
            error={problems.passportCountry ?? server('person.passports.0.country')}
          />
          <TextInput
            label={t('persons.form.passportNumber')}
            maxLength={40}
            value={passportNumber}
            onChange={(event) => setPassportNumber(event.currentTarget.value)}
            error={problems.passportNumber ?? server('person.passports.0.number')}
          />
        </Group>
        <Group justify="flex-end">
          <Button type="submit" loading={attach.isPending}>
            {t('persons.form.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
