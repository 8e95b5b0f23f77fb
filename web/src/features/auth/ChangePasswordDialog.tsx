import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CLIENT_ERROR, isApiError } from '../../api/client';
import { LiveAlert } from '../../components/LiveAlert';
import { authApi } from './auth.api';
import { PASSWORD_MAX, PASSWORD_MIN } from './passwordRules';

type FieldProblem = 'length' | 'rejected' | 'mismatch' | 'current' | null;

/** "Change password" from the account menu: current password, then the new one twice. */
export default function ChangePasswordDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [problem, setProblem] = useState<FieldProblem>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (current === '') return setProblem('current');
    if (next.length < PASSWORD_MIN || next.length > PASSWORD_MAX) return setProblem('length');
    if (next !== confirmation) return setProblem('mismatch');
    setProblem(null);
    setBusy(true);
    try {
      await authApi.changePassword(current, next);
      setDone(true);
    } catch (cause) {
      setBusy(false);
      if (isApiError(cause, CLIENT_ERROR.stepUpCancelled)) return;
      const paths = isApiError(cause) ? cause.issues.map((issue) => issue.path) : [];
      if (paths.some((path) => /newPassword$/.test(path))) setProblem('rejected');
      else if (isApiError(cause) && cause.status === 429) setError(t('auth.errors.rateLimited'));
      else if (isApiError(cause) && (cause.code === CLIENT_ERROR.network || cause.status >= 500))
        setError(t('auth.errors.network'));
      else setProblem('current');
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('account.changePassword')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
    >
      {done ? (
        <Stack gap="md">
          <LiveAlert message={t('account.passwordChanged')} tone="info" />
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              {t('common.close')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <LiveAlert message={error} />
            <PasswordInput
              data-autofocus
              label={t('account.currentPassword')}
              autoComplete="current-password"
              required
              value={current}
              onChange={(event) => setCurrent(event.currentTarget.value)}
              error={problem === 'current' ? t('account.currentPasswordWrong') : undefined}
              visibilityToggleButtonProps={{ 'aria-label': t('auth.fields.showPassword') }}
            />
            <PasswordInput
              label={t('auth.password.new')}
              description={t('auth.password.rules', { min: PASSWORD_MIN, max: PASSWORD_MAX })}
              autoComplete="new-password"
              required
              maxLength={PASSWORD_MAX}
              value={next}
              onChange={(event) => setNext(event.currentTarget.value)}
              error={
                problem === 'length'
                  ? t('auth.password.lengthError', { min: PASSWORD_MIN, max: PASSWORD_MAX })
                  : problem === 'rejected'
                    ? t('auth.password.rejected')
                    : undefined
              }
              visibilityToggleButtonProps={{ 'aria-label': t('auth.fields.showPassword') }}
            />
            <PasswordInput
              label={t('auth.password.confirm')}
              autoComplete="new-password"
              required
              maxLength={PASSWORD_MAX}
              value={confirmation}
              onChange={(event) => setConfirmation(event.currentTarget.value)}
              error={problem === 'mismatch' ? t('auth.password.mismatch') : undefined}
              visibilityToggleButtonProps={{ 'aria-label': t('auth.fields.showPassword') }}
            />
            <Text size="sm" c="dimmed">
              {t('account.passwordHint')}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy}>
                {t('account.savePassword')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
