import { Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFocusOnMount } from '../../components/useFocusOnMount';
import { authApi } from './auth.api';
import { isTotpCode, normaliseTotp } from './authErrors';

export interface CodeStepProps {
  mode: 'totp' | 'recovery';
  challenge: string;
  onSubmitting(): void;
  onSignedIn(): void;
  onFailure(cause: unknown): void;
  onUseRecovery(): void;
  onStartAgain(): void;
}

/** Second step: the 6-digit code of the authenticator app, or one of the recovery codes. */
export function CodeStep({
  mode,
  challenge,
  onSubmitting,
  onSignedIn,
  onFailure,
  onUseRecovery,
  onStartAgain,
}: CodeStepProps) {
  const { t } = useTranslation();
  const inputRef = useFocusOnMount<HTMLInputElement>();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [invalid, setInvalid] = useState(false);
  const isTotp = mode === 'totp';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = isTotp ? normaliseTotp(code) : code.trim();
    const wellFormed = isTotp ? isTotpCode(value) : value.length > 0;
    setInvalid(!wellFormed);
    if (!wellFormed) {
      inputRef.current?.focus();
      return;
    }
    onSubmitting();
    setBusy(true);
    try {
      await (isTotp ? authApi.totp(challenge, value) : authApi.recovery(challenge, value));
      onSignedIn();
    } catch (cause) {
      setBusy(false);
      onFailure(cause);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Title order={2} size="h4">
          {t(isTotp ? 'auth.totp.title' : 'auth.recovery.title')}
        </Title>
        <Text>{t(isTotp ? 'auth.totp.instructions' : 'auth.recovery.instructions')}</Text>
        <TextInput
          ref={inputRef}
          label={t(isTotp ? 'auth.totp.label' : 'auth.recovery.label')}
          value={code}
          onChange={(event) => setCode(event.currentTarget.value)}
          required
          autoComplete={isTotp ? 'one-time-code' : 'off'}
          inputMode={isTotp ? 'numeric' : 'text'}
          pattern={isTotp ? '[0-9 ]*' : undefined}
          maxLength={isTotp ? 9 : 64}
          autoCapitalize="none"
          spellCheck={false}
          classNames={{ input: 'copyable-secret' }}
          error={invalid ? t(isTotp ? 'auth.totp.invalid' : 'auth.recovery.invalid') : undefined}
        />
        <Button type="submit" loading={busy} fullWidth size="md">
          {t('auth.login.verify')}
        </Button>
        <Group justify="space-between" gap="xs">
          {isTotp ? (
            <Button variant="subtle" size="compact-md" onClick={onUseRecovery}>
              {t('auth.totp.useRecovery')}
            </Button>
          ) : (
            <span />
          )}
          <Button variant="subtle" size="compact-md" onClick={onStartAgain}>
            {t('auth.login.startAgain')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
