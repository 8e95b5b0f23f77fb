/**
 * The entities module's public surface. Today: the pure normalisers and stop-list for identifiers
 * (e-mail, phone, IP, username, URL, device, passport, name). Entities, links and link analysis
 * arrive with the tips and cases issues.
 */
export * from './normalise/index.ts';
