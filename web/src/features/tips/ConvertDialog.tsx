import { Alert, Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { type TipDetail, useConvertTip } from './tips.api';

/** Convert a tip into a case: a title (required) and an optional reason; then the case's reference. */
export function ConvertDialog({ tip, onClose }: { tip: TipDetail; onClose(): void }) {
  const { t } = useTranslation();
  const convert = useConvertTip(tip.id);
  const [title, setTitle] = useState('');
  const [reason, setReason] = useState('');
  const [titleMissing, setTitleMissing] = useState(false);
  const server = fieldErrors(t, convert.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) {
      setTitleMissing(true);
      return;
    }
    convert.mutate({ title: title.trim(), ...(reason.trim() ? { reason: reason.trim() } : {}) });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('tips.convert.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {convert.isSuccess ? (
        <Stack gap="md">
          <Alert color="teal" variant="light" role="status">
            {t('tips.convert.done', { reference: convert.data.reference })}
          </Alert>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('common.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <LiveAlert message={convert.isError ? errorMessage(t, convert.error) : null} />
            <TextInput
              data-autofocus
              label={t('tips.convert.caseTitle')}
              required
              maxLength={300}
              value={title}
              onChange={(event) => {
                setTitle(event.currentTarget.value);
                setTitleMissing(false);
              }}
              error={titleMissing ? t('tips.convert.titleMissing') : server('title')}
            />
            <Textarea
              label={t('tips.convert.reason')}
              autosize
              minRows={2}
              maxLength={2000}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              error={server('reason')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={convert.isPending}>
                {t('tips.convert.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
