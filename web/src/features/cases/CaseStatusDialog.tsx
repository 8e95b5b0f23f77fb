import type { CaseStatus } from '@karpear/contracts';
import { Button, Group, Modal, Select, Stack, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { type CaseDetail, useCaseStatus } from './cases.api';
import { needsReason, nextStatuses } from './caseWorkflow';

/** Move the case in its workflow; closing, sending back and reopening must say why (checked here first). */
export function CaseStatusDialog({ detail, onClose }: { detail: CaseDetail; onClose(): void }) {
  const { t } = useTranslation();
  const change = useCaseStatus(detail.id);
  const [status, setStatus] = useState<CaseStatus | null>(null);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<{ status?: boolean; reason?: boolean }>({});
  const server = fieldErrors(t, change.error);
  const reasonRequired = status !== null && needsReason(detail.status, status);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const now = { status: !status, reason: reasonRequired && reason.trim().length < 3 };
    setMissing(now);
    if (!status || now.reason) return;
    change.mutate(
      { status, version: detail.version, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      { onSuccess: onClose },
    );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('cases.statusChange.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <LiveAlert message={change.isError ? errorMessage(t, change.error) : null} />
          <Select
            data-autofocus
            label={t('cases.statusChange.status')}
            required
            data={nextStatuses(detail.status).map((value) => ({ value, label: t(`cases.status.${value}`) }))}
            value={status}
            onChange={(value) => setStatus(value as CaseStatus | null)}
            error={missing.status ? t('cases.statusChange.statusMissing') : server('body.status')}
          />
          <Textarea
            label={t('cases.statusChange.reason')}
            description={reasonRequired ? t('cases.statusChange.reasonRequired') : undefined}
            required={reasonRequired}
            autosize
            minRows={3}
            maxLength={2000}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={missing.reason ? t('cases.statusChange.reasonMissing') : server('body.reason')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={change.isPending}>
              {t('cases.statusChange.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
