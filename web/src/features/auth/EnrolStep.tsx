import './enrolStyles';
import { Button, Group, Image, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { CopyTextButton } from '../../components/CopyTextButton';
import { LiveAlert } from '../../components/LiveAlert';
import { useFocusOnMount } from '../../components/useFocusOnMount';
import { authApi, type TotpEnrolment, webauthnAvailable, webauthnRegistration } from './auth.api';
import { authErrorKey, isTotpCode, normaliseTotp } from './authErrors';
import { RecoveryCodes } from './RecoveryCodes';
import { groupSecret, svgDataUrl } from './svgDataUrl';

export interface EnrolStepProps {
  challenge: string;
  onDone(): void;
  onFailure(cause: unknown): void;
  onStartAgain(): void;
}

type Phase =
  | { kind: 'choose' }
  | { kind: 'totp'; enrolment: TotpEnrolment }
  | { kind: 'codes'; codes: string[] };

/** First sign-in: set up an authenticator app (or a security key), then keep the recovery codes. */
export default function EnrolStep({ challenge, onDone, onFailure, onStartAgain }: EnrolStepProps) {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>({ kind: 'choose' });
  const [busy, setBusy] = useState<'totp' | 'webauthn' | null>(null);
  const [keyFailed, setKeyFailed] = useState(false);
  const firstRef = useFocusOnMount<HTMLButtonElement>();

  const chooseTotp = async () => {
    setBusy('totp');
    try {
      setPhase({ kind: 'totp', enrolment: await authApi.enrolTotp(challenge) });
    } catch (cause) {
      onFailure(cause);
    } finally {
      setBusy(null);
    }
  };

  const chooseKey = async () => {
    setBusy('webauthn');
    setKeyFailed(false);
    try {
      const options = await authApi.enrolWebauthnOptions(challenge);
      const result = await authApi.enrolWebauthn(challenge, await webauthnRegistration(options));
      if (result?.recoveryCodes?.length) setPhase({ kind: 'codes', codes: result.recoveryCodes });
      else onDone();
    } catch (cause) {
      if (isApiError(cause)) onFailure(cause);
      else setKeyFailed(true);
    } finally {
      setBusy(null);
    }
  };

  if (phase.kind === 'codes') return <RecoveryCodes codes={phase.codes} onContinue={onDone} />;
  if (phase.kind === 'totp') {
    return (
      <TotpSetup
        challenge={challenge}
        enrolment={phase.enrolment}
        onConfirmed={(codes) => setPhase({ kind: 'codes', codes })}
        onStartAgain={onStartAgain}
      />
    );
  }
  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {t('auth.enrol.title')}
      </Title>
      <Text>{t('auth.enrol.intro')}</Text>
      <LiveAlert message={keyFailed ? t('auth.errors.webauthnFailed') : null} />
      <Button
        ref={firstRef}
        onClick={chooseTotp}
        loading={busy === 'totp'}
        disabled={busy !== null}
        size="md"
      >
        {t('auth.enrol.chooseTotp')}
      </Button>
      {webauthnAvailable() && (
        <Button variant="default" onClick={chooseKey} loading={busy === 'webauthn'} disabled={busy !== null}>
          {t('auth.enrol.chooseKey')}
        </Button>
      )}
      <Button variant="subtle" size="compact-md" onClick={onStartAgain} disabled={busy !== null}>
        {t('auth.login.startAgain')}
      </Button>
    </Stack>
  );
}

interface TotpSetupProps {
  challenge: string;
  enrolment: TotpEnrolment;
  onConfirmed(codes: string[]): void;
  onStartAgain(): void;
}

function TotpSetup({ challenge, enrolment, onConfirmed, onStartAgain }: TotpSetupProps) {
  const { t } = useTranslation();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    const value = normaliseTotp(code);
    setInvalid(!isTotpCode(value));
    setError(null);
    if (!isTotpCode(value)) return;
    setBusy(true);
    try {
      const { recoveryCodes } = await authApi.confirmTotp(challenge, value);
      onConfirmed(recoveryCodes);
    } catch (cause) {
      const key = authErrorKey(cause);
      setError(t(key === 'auth.errors.generic' ? 'auth.enrol.codeRejected' : key));
      setCode('');
      setBusy(false);
    }
  };

  return (
    <form onSubmit={confirm} noValidate>
      <Stack gap="md">
        <Title order={2} size="h3" ref={headingRef} tabIndex={-1}>
          {t('auth.enrol.totpTitle')}
        </Title>
        <Text>{t('auth.enrol.scan')}</Text>
        <Image src={svgDataUrl(enrolment.qrSvg)} alt={t('auth.enrol.qrAlt')} className="totp-qr" />
        <Text>{t('auth.enrol.manual')}</Text>
        <Group gap="sm" align="center">
          <Text component="code" className="copyable-secret" data-testid="totp-secret" lang="en">
            {groupSecret(enrolment.secret)}
          </Text>
          <CopyTextButton value={enrolment.secret} label={t('auth.enrol.copySecret')} />
        </Group>
        <LiveAlert message={error} />
        <TextInput
          label={t('auth.enrol.codeLabel')}
          description={t('auth.enrol.codeHelp')}
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
        <Button type="submit" loading={busy} fullWidth size="md">
          {t('auth.enrol.confirm')}
        </Button>
        <Button variant="subtle" size="compact-md" onClick={onStartAgain}>
          {t('auth.login.startAgain')}
        </Button>
      </Stack>
    </form>
  );
}
