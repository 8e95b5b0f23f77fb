import { Button, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useNavigation } from '../../app/navigation';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { LiveAlert } from '../../components/LiveAlert';
import { useFocusOnMount } from '../../components/useFocusOnMount';
import { authApi } from './auth.api';
import { PASSWORD_MAX, PASSWORD_MIN } from './passwordRules';

/** The token travels in the fragment, so it never reaches the server's logs or a Referer. */
function tokenFromFragment(): string {
  try {
    return decodeURIComponent(window.location.hash.replace(/^#/, ''));
  } catch {
    return '';
  }
}

type FieldError = 'length' | 'mismatch' | 'rejected' | null;

/** `/invite#<token>`: a new user chooses their password, then signs in and sets up a second factor. */
export default function InvitePage() {
  const { t } = useTranslation();
  const navigation = useNavigation();
  useDocumentTitle(t('auth.invite.title'));
  const [token] = useState(tokenFromFragment);
  // Once read, drop the token from the address bar (and so from history and shoulder-surfing).
  useEffect(() => {
    if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
  }, []);
  const passwordRef = useFocusOnMount<HTMLInputElement>();
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [passwordError, setPasswordError] = useState<FieldError>(null);
  const [confirmError, setConfirmError] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const lengthOk = password.length >= PASSWORD_MIN && password.length <= PASSWORD_MAX;
    setPasswordError(lengthOk ? null : 'length');
    setConfirmError(lengthOk && password !== confirmation);
    if (!lengthOk || password !== confirmation) return;
    setBusy(true);
    try {
      await authApi.acceptInvitation(token, password);
      setDone(true);
    } catch (cause) {
      setBusy(false);
      if (isApiError(cause) && cause.issues.some((issue) => /(^|\.)password$/.test(issue.path))) {
        setPasswordError('rejected');
        passwordRef.current?.focus();
      } else if (isApiError(cause) && cause.status === 429) {
        setError(t('auth.errors.rateLimited'));
      } else if (isApiError(cause) && (cause.code === 'network' || cause.status >= 500)) {
        setError(t('auth.errors.network'));
      } else {
        setError(t('auth.invite.invalidLink'));
      }
    }
  };

  if (!token) {
    return (
      <Stack gap="md">
        <Title order={1}>{t('auth.invite.title')}</Title>
        <LiveAlert message={t('auth.invite.invalidLink')} />
      </Stack>
    );
  }
  if (done) return <InviteDone onContinue={() => navigation.go('/login')} />;

  const passwordMessage =
    passwordError === 'length'
      ? t('auth.password.lengthError', { min: PASSWORD_MIN, max: PASSWORD_MAX })
      : passwordError === 'rejected'
        ? t('auth.password.rejected')
        : undefined;

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{t('auth.invite.title')}</Title>
        <Text c="dimmed">{t('auth.invite.intro')}</Text>
      </Stack>
      <LiveAlert message={error} />
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <PasswordInput
            ref={passwordRef}
            label={t('auth.password.new')}
            description={t('auth.password.rules', { min: PASSWORD_MIN, max: PASSWORD_MAX })}
            autoComplete="new-password"
            required
            maxLength={PASSWORD_MAX}
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={passwordMessage}
            visibilityToggleButtonProps={{ 'aria-label': t('auth.fields.showPassword') }}
          />
          <PasswordInput
            label={t('auth.password.confirm')}
            autoComplete="new-password"
            required
            maxLength={PASSWORD_MAX}
            value={confirmation}
            onChange={(event) => setConfirmation(event.currentTarget.value)}
            error={confirmError ? t('auth.password.mismatch') : undefined}
            visibilityToggleButtonProps={{ 'aria-label': t('auth.fields.showPassword') }}
          />
          <Button type="submit" loading={busy} fullWidth size="md">
            {t('auth.invite.submit')}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}

function InviteDone({ onContinue }: { onContinue(): void }) {
  const { t } = useTranslation();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <Stack gap="md">
      <Title order={1} ref={headingRef} tabIndex={-1}>
        {t('auth.invite.doneTitle')}
      </Title>
      <Text>{t('auth.invite.doneBody')}</Text>
      <Button onClick={onContinue} size="md">
        {t('auth.invite.goToLogin')}
      </Button>
    </Stack>
  );
}
