import { TIP_PRIORITIES, type TipPriority } from '@karpear/contracts';
import { Button, Group, List, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { type TipDetail, useTriageTip } from './tips.api';

/**
 * Confirm or change the priority the rules proposed. Changing it needs a reason (it is kept on the
 * timeline and the server refuses the change without one); the rules' reasons are shown to decide.
 */
export function TriageDialog({ tip, onClose }: { tip: TipDetail; onClose(): void }) {
  const { t } = useTranslation();
  const triage = useTriageTip(tip.id);
  const [priority, setPriority] = useState<TipPriority>(tip.priority ?? tip.proposedPriority);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const changed = priority !== tip.proposedPriority;
  const server = fieldErrors(t, triage.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (changed && !reason.trim()) {
      setReasonMissing(true);
      return;
    }
    triage.mutate(
      { priority, ...(reason.trim() ? { reason: reason.trim() } : {}), version: tip.version },
      { onSuccess: onClose },
    );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('tips.triage.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <LiveAlert message={triage.isError ? errorMessage(t, triage.error) : null} />
          <Stack gap={4}>
            <Text fw={700} id="triage-reasons">
              {t('tips.triage.proposed', { priority: tip.proposedPriority })}
            </Text>
            <List size="sm" aria-labelledby="triage-reasons">
              {tip.triageReasons.map((r) => (
                <List.Item key={`${r.rule}-${r.priority}`}>
                  {t(`tips.rule.${r.rule}`)} → {r.priority}
                </List.Item>
              ))}
            </List>
          </Stack>
          <Select
            data-autofocus
            label={t('tips.fields.priority')}
            data={TIP_PRIORITIES.map((value) => ({ value, label: t(`tips.priorityName.${value}`) }))}
            value={priority}
            onChange={(value) => {
              if (value) setPriority(value as TipPriority);
              setReasonMissing(false);
            }}
            allowDeselect={false}
            error={server('priority')}
          />
          <Textarea
            label={t('tips.triage.reason')}
            description={changed ? t('tips.triage.reasonRequired') : t('tips.triage.reasonOptional')}
            required={changed}
            autosize
            minRows={2}
            maxLength={2000}
            value={reason}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setReasonMissing(false);
            }}
            error={reasonMissing ? t('tips.triage.reasonMissing') : server('reason')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={triage.isPending}>
              {t('tips.triage.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
