/** Authentication: sessions, log-in, second factors, invitations. */
export { resolveActor } from './session-resolver.ts';
