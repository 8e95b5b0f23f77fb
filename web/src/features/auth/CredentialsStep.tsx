import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFocusOnMount } from '../../components/useFocusOnMount';
import { authApi, type LoginStart } from './auth.api';

export interface CredentialsStepProps {
  email: string;
  onEmailChange(email: string): void;
  onSubmitting(): void;
  onNext(start: LoginStart): void;
  onFailure(cause: unknown): void;
}

/** First step: e-mail and password. The server answers the same way whether or not they are right. */
export function CredentialsStep({
  email,
  onEmailChange,
  onSubmitting,
  onNext,
  onFailure,
}: CredentialsStepProps) {
  const { t } = useTranslation();
  const emailRef = useFocusOnMount<HTMLInputElement>();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState<{ email?: boolean; password?: boolean }>({});

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = email.trim();
    const nowMissing = { email: trimmed === '', password: password === '' };
    setMissing(nowMissing);
    if (nowMissing.email || nowMissing.password) {
      (nowMissing.email ? emailRef.current : document.getElementById('login-password'))?.focus();
      return;
    }
    onSubmitting();
    setBusy(true);
    try {
      const start = await authApi.login(trimmed, password);
      onNext(start);
    } catch (cause) {
      setBusy(false);
      setPassword('');
      onFailure(cause);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          ref={emailRef}
          id="login-email"
          label={t('auth.fields.email')}
          type="email"
          inputMode="email"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={email}
          onChange={(event) => onEmailChange(event.currentTarget.value)}
          error={missing.email ? t('auth.fields.emailMissing') : undefined}
        />
        <PasswordInput
          id="login-password"
          label={t('auth.fields.password')}
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          error={missing.password ? t('auth.fields.passwordMissing') : undefined}
          visibilityToggleButtonProps={{ 'aria-label': t('auth.fields.showPassword') }}
        />
        <Button type="submit" loading={busy} fullWidth size="md">
          {t('auth.login.continue')}
        </Button>
      </Stack>
    </form>
  );
}
