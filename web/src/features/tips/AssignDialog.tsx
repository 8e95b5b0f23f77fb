import { Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { errorMessage, fieldErrors } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { localName } from '../../i18n/format';
import { useUnits } from '../admin/agencies/agencies.api';
import { useMe } from '../auth/me';
import { type AssignInput, useAssignTip, useBulkAssign } from './tips.api';

/** A unit's members (`GET /api/v1/units/:id/members`: id, display name, roles; no e-mail). */
interface UnitMember {
  id: string;
  displayName: string;
  roles: string[];
}
function useUnitInvestigators(unitId: string | null) {
  return useQuery({
    queryKey: ['units', unitId, 'members'],
    enabled: unitId !== null,
    queryFn: ({ signal }) =>
      api<UnitMember[]>('GET', `/api/v1/units/${unitId}/members`, undefined, { signal }),
    select: (members) => members.filter((m) => m.roles.includes('investigator')),
  });
}

/**
 * Assign one tip (`tipId`) or several (`tipIds`, from the queue) to a unit of the user's agency, and
 * optionally to one of that unit's investigators (listed from the unit's members).
 */
export function AssignDialog(
  props: ({ tipId: string; tipIds?: never } | { tipIds: string[]; tipId?: never }) & {
    currentUnitId?: string | null;
    onClose(): void;
    onDone?(): void;
  },
) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const units = useUnits(me.agency.id);
  const single = useAssignTip(props.tipId ?? '');
  const bulk = useBulkAssign();
  const mutation = props.tipId ? single : bulk;
  const [unitId, setUnitId] = useState<string | null>(props.currentUnitId ?? null);
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const investigators = useUnitInvestigators(unitId);
  const [reason, setReason] = useState('');
  const [missingUnit, setMissingUnit] = useState(false);
  const server = fieldErrors(t, mutation.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!unitId) {
      setMissingUnit(true);
      return;
    }
    const input: AssignInput = {
      unitId,
      assigneeId,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    };
    const done = {
      onSuccess: () => {
        props.onDone?.();
        props.onClose();
      },
    };
    if (props.tipId) single.mutate(input, done);
    else bulk.mutate({ ...input, tipIds: props.tipIds ?? [] }, done);
  };

  const title = props.tipId
    ? t('tips.assign.title')
    : t('tips.assign.bulkTitle', { count: props.tipIds?.length ?? 0 });
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={title}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <LiveAlert message={mutation.isError ? errorMessage(t, mutation.error) : null} />
          <Select
            data-autofocus
            label={t('tips.assign.unit')}
            required
            data={(units.data?.items ?? []).map((unit) => ({
              value: unit.id,
              label: `${localName(unit, i18n.resolvedLanguage)} (${unit.code})`,
            }))}
            value={unitId}
            onChange={(value) => {
              setUnitId(value);
              setAssigneeId(null);
              setMissingUnit(false);
            }}
            searchable
            nothingFoundMessage={t('tips.assign.noUnits')}
            error={missingUnit ? t('tips.assign.unitMissing') : server('unitId')}
          />
          {(investigators.data ?? []).length > 0 ? (
            <Select
              label={t('tips.assign.investigator')}
              clearable
              searchable
              data={(investigators.data ?? []).map((m) => ({
                value: m.id,
                label: m.id === me.id ? `${m.displayName} (${t('tips.assign.me')})` : m.displayName,
              }))}
              value={assigneeId}
              onChange={setAssigneeId}
              error={server('assigneeId')}
            />
          ) : (
            <Text size="sm" c="dimmed">
              {t('tips.assign.unitOnly')}
            </Text>
          )}
          <Textarea
            label={t('tips.assign.reason')}
            autosize
            minRows={2}
            maxLength={2000}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={server('reason')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {t('tips.assign.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
