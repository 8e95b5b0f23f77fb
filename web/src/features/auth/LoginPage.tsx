import { Anchor, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadSignedInApp } from '../../app/loadSignedInApp';
import { safeNextPath, useNavigation } from '../../app/navigation';
import { PageLoading } from '../../app/PageLoading';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { LiveAlert } from '../../components/LiveAlert';
import { type AuthErrorKey, authErrorKey } from './authErrors';
import { CodeStep } from './CodeStep';
import { CredentialsStep } from './CredentialsStep';
import { WebAuthnStep } from './WebAuthnStep';

// Only people signing in for the first time set up a factor: that screen loads when needed.
const EnrolStep = lazy(() => import('./EnrolStep'));

export type LoginStep =
  | { kind: 'credentials' }
  | { kind: 'totp'; challenge: string }
  | { kind: 'webauthn'; challenge: string }
  | { kind: 'recovery'; challenge: string }
  | { kind: 'enrol'; challenge: string };

/**
 * `/login`: e-mail and password, then the second factor the server asks for (authenticator code,
 * security key, or a recovery code), or first-time enrolment. Any failure returns to the first step
 * with one message that never says which part was wrong.
 */
export function LoginPage() {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const params = new URLSearchParams(window.location.search);
  const next = safeNextPath(params.get('next'));
  const [step, setStep] = useState<LoginStep>({ kind: 'credentials' });
  const [email, setEmail] = useState('');
  const [error, setError] = useState<AuthErrorKey | null>(null);
  const [sessionEnded, setSessionEnded] = useState(params.get('reason') === 'expired');
  useDocumentTitle(t('auth.login.title'));

  const fail = (cause: unknown) => {
    setError(authErrorKey(cause));
    setStep({ kind: 'credentials' });
  };
  const startAgain = () => {
    setError(null);
    setStep({ kind: 'credentials' });
  };
  const signedIn = () => navigation.go(next, { replace: true });
  const clearMessages = () => {
    setError(null);
    setSessionEnded(false);
  };

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{t('auth.login.title')}</Title>
        <Text c="dimmed">{t('auth.login.intro')}</Text>
      </Stack>
      <LiveAlert message={sessionEnded ? t('auth.login.sessionEnded') : null} tone="info" />
      <LiveAlert message={error ? t(error) : null} />
      {step.kind === 'credentials' && (
        <CredentialsStep
          email={email}
          onEmailChange={setEmail}
          onSubmitting={clearMessages}
          onNext={(start) => {
            // Slow links: fetch the signed-in app while the person reads their authenticator.
            void loadSignedInApp().catch(() => undefined);
            setStep({ kind: start.next, challenge: start.challenge });
          }}
          onFailure={(cause) => setError(authErrorKey(cause))}
        />
      )}
      {(step.kind === 'totp' || step.kind === 'recovery') && (
        <CodeStep
          key={step.kind}
          mode={step.kind}
          challenge={step.challenge}
          onSubmitting={clearMessages}
          onSignedIn={signedIn}
          onFailure={fail}
          onUseRecovery={() => setStep({ kind: 'recovery', challenge: step.challenge })}
          onStartAgain={startAgain}
        />
      )}
      {step.kind === 'webauthn' && (
        <WebAuthnStep
          challenge={step.challenge}
          onSubmitting={clearMessages}
          onSignedIn={signedIn}
          onFailure={fail}
          onUseRecovery={() => setStep({ kind: 'recovery', challenge: step.challenge })}
          onStartAgain={startAgain}
        />
      )}
      {step.kind === 'enrol' && (
        <Suspense fallback={<PageLoading />}>
          <EnrolStep
            challenge={step.challenge}
            onDone={signedIn}
            onFailure={fail}
            onStartAgain={startAgain}
          />
        </Suspense>
      )}
      {/* The public tip portal is a plain server page: a full load, no app code. */}
      <Text size="sm">
        <Anchor href="/report">{t('auth.login.reportLink')}</Anchor>
      </Text>
    </Stack>
  );
}
