import { Button, Group, Modal, Select, Stack, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { type ClosingStatus, type TipDetail, useTipStatus } from './tips.api';

const CLOSING: readonly ClosingStatus[] = ['actioned', 'referred', 'closed_no_action'];

/** Close a tip as actioned, referred or closed without action; the reason is always required. */
export function StatusDialog({ tip, onClose }: { tip: TipDetail; onClose(): void }) {
  const { t } = useTranslation();
  const change = useTipStatus(tip.id);
  const [status, setStatus] = useState<ClosingStatus | null>(null);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<{ status?: boolean; reason?: boolean }>({});
  const server = fieldErrors(t, change.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const now = { status: !status, reason: !reason.trim() };
    setMissing(now);
    if (!status || now.reason) return;
    change.mutate({ status, reason: reason.trim(), version: tip.version }, { onSuccess: onClose });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('tips.statusChange.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <LiveAlert message={change.isError ? errorMessage(t, change.error) : null} />
          <Select
            data-autofocus
            label={t('tips.statusChange.status')}
            required
            data={CLOSING.map((value) => ({ value, label: t(`tips.status.${value}`) }))}
            value={status}
            onChange={(value) => setStatus(value as ClosingStatus | null)}
            error={missing.status ? t('tips.statusChange.statusMissing') : server('status')}
          />
          <Textarea
            label={t('tips.statusChange.reason')}
            required
            autosize
            minRows={3}
            maxLength={2000}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={missing.reason ? t('tips.statusChange.reasonMissing') : server('reason')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={change.isPending}>
              {t('tips.statusChange.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
