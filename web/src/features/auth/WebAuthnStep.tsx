import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { LiveAlert } from '../../components/LiveAlert';
import { useFocusOnMount } from '../../components/useFocusOnMount';
import { authApi, webauthnAssertion, webauthnAvailable } from './auth.api';

export interface WebAuthnStepProps {
  challenge: string;
  onSubmitting(): void;
  onSignedIn(): void;
  onFailure(cause: unknown): void;
  onUseRecovery(): void;
  onStartAgain(): void;
}

/**
 * Second step with a security key or passkey. A cancelled or timed-out ceremony stays on this step
 * (the person can try again); a refusal by the server returns to the first step like any failure.
 */
export function WebAuthnStep({
  challenge,
  onSubmitting,
  onSignedIn,
  onFailure,
  onUseRecovery,
  onStartAgain,
}: WebAuthnStepProps) {
  const { t } = useTranslation();
  const buttonRef = useFocusOnMount<HTMLButtonElement>();
  const [busy, setBusy] = useState(false);
  const [ceremonyFailed, setCeremonyFailed] = useState(false);
  const supported = webauthnAvailable();

  const verify = async () => {
    onSubmitting();
    setCeremonyFailed(false);
    setBusy(true);
    try {
      const options = await authApi.webauthnOptions(challenge);
      const response = await webauthnAssertion(options);
      await authApi.webauthn(challenge, response);
      onSignedIn();
    } catch (cause) {
      setBusy(false);
      if (isApiError(cause)) onFailure(cause);
      else setCeremonyFailed(true);
    }
  };

  return (
    <Stack gap="md">
      <Title order={2} size="h4">
        {t('auth.webauthn.title')}
      </Title>
      <Text>{t(supported ? 'auth.webauthn.instructions' : 'auth.webauthn.unsupported')}</Text>
      <LiveAlert message={ceremonyFailed ? t('auth.errors.webauthnFailed') : null} />
      <Button ref={buttonRef} onClick={verify} loading={busy} disabled={!supported} fullWidth size="md">
        {t('auth.webauthn.button')}
      </Button>
      <Group justify="space-between" gap="xs">
        <Button variant="subtle" size="compact-md" onClick={onUseRecovery}>
          {t('auth.totp.useRecovery')}
        </Button>
        <Button variant="subtle" size="compact-md" onClick={onStartAgain}>
          {t('auth.login.startAgain')}
        </Button>
      </Group>
    </Stack>
  );
}
