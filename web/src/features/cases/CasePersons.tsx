import { Alert, Badge, Button, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { formatDateTime } from '../../i18n/format';
import { CasePersonForm } from './CasePersonForm';
import type { CaseDetail } from './cases.api';
import {
  type CasePerson,
  useCasePersons,
  useDetachPerson,
  useMergePerson,
  useUndoPersonMerge,
} from './persons.api';

/**
 * The case's People tab: each person with their role (victims by code outside the case team), and for
 * those who may edit the case: add a person, remove one (after confirming), merge a duplicate into
 * another person of the case with an Undo offered afterwards.
 */
export function CasePersons({ detail }: { detail: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const persons = useCasePersons(detail.id);
  const canEdit = detail.abilities.includes('cases.update') && detail.status !== 'closed';
  const [detaching, setDetaching] = useState<CasePerson | null>(null);
  const [merging, setMerging] = useState<CasePerson | null>(null);
  const [lastMerge, setLastMerge] = useState<string | null>(null);
  const undo = useUndoPersonMerge(detail.id);

  if (persons.isPending) return <Text>{t('common.loading')}</Text>;
  if (persons.isError) return <LiveAlert message={errorMessage(t, persons.error)} />;
  const items = persons.data.items;

  return (
    <Stack gap="md">
      {lastMerge && (
        <Alert color="blue" title={t('persons.merge.done')}>
          <Group justify="space-between">
            <Text size="sm">{t('persons.merge.undoHelp')}</Text>
            <Button
              variant="light"
              loading={undo.isPending}
              onClick={() => undo.mutate(lastMerge, { onSuccess: () => setLastMerge(null) })}
            >
              {t('persons.merge.undo')}
            </Button>
          </Group>
        </Alert>
      )}
      <LiveAlert message={undo.isError ? errorMessage(t, undo.error) : null} />
      {items.length === 0 && <Text>{t('persons.empty')}</Text>}
      {items.length > 0 && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('persons.name')}</Table.Th>
              <Table.Th>{t('persons.form.role')}</Table.Th>
              <Table.Th>{t('persons.added')}</Table.Th>
              {canEdit && <Table.Th>{t('persons.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((p) => (
              <Table.Tr key={p.linkId}>
                <Table.Td>
                  {p.displayName}{' '}
                  {!p.named && (
                    <Badge variant="light" color="gray">
                      {t('persons.withheld')}
                    </Badge>
                  )}
                  {p.named && p.victimCode && (
                    <Badge variant="light" color="grape">
                      {p.victimCode}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{t(`persons.role.${p.role}`)}</Table.Td>
                <Table.Td>{formatDateTime(p.addedAt, i18n.resolvedLanguage)}</Table.Td>
                {canEdit && (
                  <Table.Td>
                    <Group gap="xs">
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => setMerging(p)}
                        // Victims shown by code carry no person id: they cannot be merged from here.
                        disabled={p.personId === null || mergeTargets(items, p).length === 0}
                        aria-label={t('persons.merge.openFor', { name: p.displayName })}
                      >
                        {t('persons.merge.open')}
                      </Button>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        onClick={() => setDetaching(p)}
                        aria-label={t('persons.detach.openFor', { name: p.displayName })}
                      >
                        {t('persons.detach.open')}
                      </Button>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canEdit && <CasePersonForm caseId={detail.id} />}
      {detaching && <DetachDialog caseId={detail.id} person={detaching} onClose={() => setDetaching(null)} />}
      {merging && (
        <MergeDialog
          caseId={detail.id}
          person={merging}
          others={mergeTargets(items, merging)}
          onClose={() => setMerging(null)}
          onMerged={(mergeId) => {
            setMerging(null);
            setLastMerge(mergeId);
          }}
        />
      )}
    </Stack>
  );
}

/** The other persons of the case (by id, so named ones) a person may be merged into. */
function mergeTargets(items: CasePerson[], person: CasePerson): CasePerson[] {
  return items.filter((o) => o.personId !== null && o.personId !== person.personId);
}

function DetachDialog({
  caseId,
  person,
  onClose,
}: {
  caseId: string;
  person: CasePerson;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const detach = useDetachPerson(caseId);
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('persons.detach.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack gap="md">
        <LiveAlert message={detach.isError ? errorMessage(t, detach.error) : null} />
        <Text>{t('persons.detach.confirm', { name: person.displayName })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button
            color="red"
            loading={detach.isPending}
            onClick={() => detach.mutate(person.linkId, { onSuccess: onClose })}
          >
            {t('persons.detach.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function MergeDialog(props: {
  caseId: string;
  person: CasePerson;
  others: CasePerson[];
  onClose: () => void;
  onMerged: (mergeId: string) => void;
}) {
  const { t } = useTranslation();
  const merge = useMergePerson(props.caseId);
  const [intoId, setIntoId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<{ into?: boolean; reason?: boolean }>({});
  const server = fieldErrors(t, merge.error);
  // One entry per person (a person may be on the case in two roles).
  const choices = [...new Map(props.others.map((o) => [o.personId ?? o.linkId, o])).values()];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const now = { into: !intoId, reason: reason.trim() === '' };
    setMissing(now);
    if (now.into || now.reason || !intoId || !props.person.personId) return;
    merge.mutate(
      { personId: props.person.personId, intoId, reason: reason.trim() },
      { onSuccess: (result) => props.onMerged(result.mergeId) },
    );
  };

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={t('persons.merge.title', { name: props.person.displayName })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <LiveAlert
            message={
              merge.isError && !server('intoId') && !server('reason') ? errorMessage(t, merge.error) : null
            }
          />
          <Text size="sm">{t('persons.merge.help')}</Text>
          <Select
            data-autofocus
            label={t('persons.merge.into')}
            required
            data={choices.map((o) => ({
              value: o.personId ?? o.linkId,
              label: `${o.displayName} (${t(`persons.role.${o.role}`)})`,
            }))}
            value={intoId}
            onChange={setIntoId}
            error={missing.into ? t('persons.merge.intoMissing') : server('intoId')}
          />
          <TextInput
            label={t('persons.merge.reason')}
            required
            maxLength={500}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={missing.reason ? t('persons.merge.reasonMissing') : server('reason')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={merge.isPending}>
              {t('persons.merge.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
