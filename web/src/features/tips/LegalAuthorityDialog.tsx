import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { useRecordLegalAuthority } from './tips.api';

/**
 * A file the platform did not view stays locked until a legal authority (e.g. a court order's number)
 * is recorded: the U.S. private-search rule, kept for Cambodian prosecutions too.
 */
export function LegalAuthorityDialog({
  tipId,
  file,
  onClose,
}: {
  tipId: string;
  file: { id: string; fileName: string | null };
  onClose(): void;
}) {
  const { t } = useTranslation();
  const record = useRecordLegalAuthority(tipId);
  const [authority, setAuthority] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const server = fieldErrors(t, record.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (authority.trim().length < 3) {
      setTooShort(true);
      return;
    }
    record.mutate({ fileId: file.id, authority: authority.trim() }, { onSuccess: onClose });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('tips.files.authorityTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            {t('tips.files.authorityHelp', { file: file.fileName ?? t('tips.files.unnamed') })}
          </Text>
          <LiveAlert message={record.isError ? errorMessage(t, record.error) : null} />
          <TextInput
            data-autofocus
            label={t('tips.files.authority')}
            required
            maxLength={500}
            value={authority}
            onChange={(event) => {
              setAuthority(event.currentTarget.value);
              setTooShort(false);
            }}
            error={tooShort ? t('tips.files.authorityMissing') : server('authority')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={record.isPending}>
              {t('tips.files.authoritySubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
