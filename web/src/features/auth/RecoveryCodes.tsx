import { Alert, Button, Checkbox, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyTextButton } from '../../components/CopyTextButton';
import { useFocusOnMount } from '../../components/useFocusOnMount';

/**
 * The recovery codes, shown once. Continuing needs an explicit "I have saved them": there is no
 * second chance to see them.
 */
export function RecoveryCodes({ codes, onContinue }: { codes: string[]; onContinue(): void }) {
  const { t } = useTranslation();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const [saved, setSaved] = useState(false);
  return (
    <Stack gap="md">
      <Title order={2} size="h3" ref={headingRef} tabIndex={-1}>
        {t('auth.recoveryCodes.title')}
      </Title>
      <Text>{t('auth.recoveryCodes.explanation')}</Text>
      <Alert color="yellow" variant="light" role="note">
        {t('auth.recoveryCodes.once')}
      </Alert>
      <ul className="recovery-codes copyable-secret" aria-label={t('auth.recoveryCodes.listLabel')} lang="en">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <Group>
        <CopyTextButton value={codes.join('\n')} label={t('auth.recoveryCodes.copyAll')} />
      </Group>
      <Checkbox
        label={t('auth.recoveryCodes.saved')}
        checked={saved}
        onChange={(event) => setSaved(event.currentTarget.checked)}
      />
      <Button onClick={onContinue} disabled={!saved} fullWidth size="md">
        {t('auth.recoveryCodes.continue')}
      </Button>
    </Stack>
  );
}
