import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CLIENT_ERROR, isApiError } from '../../../api/client';
import { errorMessage, fieldErrors } from '../../../components/apiErrors';
import { LiveAlert } from '../../../components/LiveAlert';
import { type Approval, type Decision, useDecide } from './approvals.api';

const NOTE_MAX = 2000;

/**
 * Approve or reject one request, with a note (required to reject). The server asks for a recent second
 * factor: the step-up dialog opens on top of this one, and the decision is sent again once proven.
 */
export function DecisionDialog({
  approval,
  decision,
  onClose,
}: {
  approval: Approval;
  decision: Decision;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const decide = useDecide();
  const [note, setNote] = useState('');
  const [noteMissing, setNoteMissing] = useState(false);
  const approving = decision === 'approved';
  const server = fieldErrors(t, decide.error);
  const cancelled = isApiError(decide.error, CLIENT_ERROR.stepUpCancelled);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = note.trim();
    setNoteMissing(!approving && trimmed === '');
    if (!approving && trimmed === '') return;
    decide.mutate({ id: approval.id, decision, note: trimmed || undefined }, { onSuccess: onClose });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t(approving ? 'approvals.approveTitle' : 'approvals.rejectTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text>{t(approving ? 'approvals.approveExplanation' : 'approvals.rejectExplanation')}</Text>
          <LiveAlert
            message={
              decide.isError && !server('note')
                ? cancelled
                  ? t('approvals.stepUpCancelled')
                  : errorMessage(t, decide.error)
                : null
            }
          />
          <Textarea
            data-autofocus
            label={t(approving ? 'approvals.noteOptional' : 'approvals.noteRequired')}
            required={!approving}
            autosize
            minRows={3}
            maxLength={NOTE_MAX}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            error={noteMissing ? t('approvals.noteMissing') : server('note')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color={approving ? undefined : 'red.8'} loading={decide.isPending}>
              {t(approving ? 'approvals.approve' : 'approvals.reject')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
