import { Alert, Group, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CopyTextButton } from '../../components/CopyTextButton';

/**
 * A link shown exactly once (invitation, password reset): the server keeps only its hash, so this is
 * the only chance to copy it. Passed on by the administrator through a channel they trust.
 */
export function OneTimeLink({
  url,
  label,
  explanation,
}: {
  url: string;
  label: string;
  explanation: string;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Alert color="yellow" variant="light" role="note">
        {explanation} {t('admin.link.once')}
      </Alert>
      <TextInput
        label={label}
        value={url}
        readOnly
        data-autofocus
        onFocus={(event) => event.currentTarget.select()}
        classNames={{ input: 'copyable-secret' }}
        data-testid="one-time-link"
      />
      <Group justify="space-between" align="center">
        <Text size="sm" c="dimmed">
          {t('admin.link.howToShare')}
        </Text>
        <CopyTextButton value={url} label={t('admin.link.copy')} />
      </Group>
    </Stack>
  );
}
