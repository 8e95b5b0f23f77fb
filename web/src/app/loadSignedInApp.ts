/**
 * The signed-in app's chunk (router, queries, shell). One import site, so the login page can start
 * fetching it while the person types their code, and Root renders it without a second wait.
 */
export const loadSignedInApp = () => import('./RoutedApp');
