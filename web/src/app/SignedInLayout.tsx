import { LoginBanner } from '../features/auth/LoginBanner';
import { useMe } from '../features/auth/me';
import { AppLayout } from './AppLayout';

/** Below the auth gate: the terms-of-use banner until it is acknowledged, then the shell. */
export function SignedInLayout() {
  const me = useMe();
  return me.bannerAcknowledged ? <AppLayout /> : <LoginBanner />;
}
