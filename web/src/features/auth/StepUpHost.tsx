import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, CLIENT_ERROR, isApiError } from '../../api/client';
import { LiveAlert } from '../../components/LiveAlert';
import { authApi, webauthnAssertion, webauthnAvailable } from './auth.api';
import { isTotpCode, normaliseTotp } from './authErrors';
import { ME_QUERY_KEY, type Me } from './me';

export interface StepUpState {
  opened: boolean;
  /** Opens the dialog (once, however many requests ask); resolves when the factor is proven. */
  request(): Promise<void>;
  finish(proven: boolean): void;
}

/** The step-up handler the API client calls on 401 `step_up_required`. */
export function useStepUpHandler(): StepUpState {
  const [opened, setOpened] = useState(false);
  const pending = useRef<{ promise: Promise<void>; resolve(): void; reject(error: unknown): void } | null>(
    null,
  );
  const request = useCallback(() => {
    if (!pending.current) {
      let resolve = () => {};
      let reject: (error: unknown) => void = () => {};
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      pending.current = { promise, resolve, reject };
      setOpened(true);
    }
    return pending.current.promise;
  }, []);
  const finish = useCallback((proven: boolean) => {
    const current = pending.current;
    pending.current = null;
    setOpened(false);
    if (proven) current?.resolve();
    else current?.reject(new ApiError(0, CLIENT_ERROR.stepUpCancelled, 'Step-up cancelled'));
  }, []);
  return { opened, request, finish };
}

/** The dialog: the authenticator code, or the security key when the user has one. */
export function StepUpHost({ state }: { state: StepUpState }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={state.opened}
      onClose={() => state.finish(false)}
      title={t('auth.stepUp.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
    >
      {state.opened && (
        <StepUpForm onProven={() => state.finish(true)} onCancel={() => state.finish(false)} />
      )}
    </Modal>
  );
}

function StepUpForm({ onProven, onCancel }: { onProven(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const me = useQueryClient().getQueryData<Me>(ME_QUERY_KEY);
  const hasKey = Boolean(me?.factors.webauthn) && webauthnAvailable();
  const hasTotp = me?.factors.totp ?? true;
  const [code, setCode] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'code' | 'key' | null>(null);

  const explain = (cause: unknown) => {
    if (isApiError(cause) && cause.status === 429) return t('auth.errors.rateLimited');
    if (isApiError(cause) && (cause.code === CLIENT_ERROR.network || cause.status >= 500))
      return t('auth.errors.network');
    if (!isApiError(cause)) return t('auth.errors.webauthnFailed');
    return t('auth.stepUp.rejected');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = normaliseTotp(code);
    setInvalid(!isTotpCode(value));
    if (!isTotpCode(value)) return;
    setError(null);
    setBusy('code');
    try {
      await authApi.stepUp(value);
      onProven();
    } catch (cause) {
      setError(explain(cause));
      setCode('');
      setBusy(null);
    }
  };

  const proveWithKey = async () => {
    setError(null);
    setBusy('key');
    try {
      await authApi.stepUpWebauthn(await webauthnAssertion(await authApi.stepUpWebauthnOptions()));
      onProven();
    } catch (cause) {
      setError(explain(cause));
      setBusy(null);
    }
  };

  return (
    <Stack gap="md">
      <Text>{t('auth.stepUp.explanation')}</Text>
      <LiveAlert message={error} />
      {hasTotp && (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <TextInput
              data-autofocus
              label={t('auth.totp.label')}
              value={code}
              onChange={(event) => setCode(event.currentTarget.value)}
              required
              autoComplete="one-time-code"
              inputMode="numeric"
              pattern="[0-9 ]*"
              maxLength={9}
              classNames={{ input: 'copyable-secret' }}
              error={invalid ? t('auth.totp.invalid') : undefined}
            />
            <Button type="submit" loading={busy === 'code'} disabled={busy === 'key'}>
              {t('auth.stepUp.confirm')}
            </Button>
          </Stack>
        </form>
      )}
      {hasKey && (
        <Button variant="default" onClick={proveWithKey} loading={busy === 'key'} disabled={busy === 'code'}>
          {t('auth.webauthn.button')}
        </Button>
      )}
      <Group justify="flex-end">
        <Button variant="subtle" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}
