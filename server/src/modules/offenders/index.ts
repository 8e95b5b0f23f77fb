/**
 * The offenders module's public surface: the offender register with four-eyes activation, travel
 * notifications (watches) and the border check (issue 6), and the pure multi-script name matcher used
 * by screening (`matching/`, see docs/matching.md).
 */
import './offenders.approval.ts';

// Batch screening and guest registers (issue 6 items 5–6), owned by batch/ and guest/.
export { screeningBatchJobs } from './batch/batch.upload.ts';
export { screeningBatchRoutes } from './batch/screening-batch.routes.ts';

// The register, travel notifications, the border check (items 1, 2, 4) and the matcher.
export { DEMO_REGISTER, seedDemoRegister } from './demo-register.ts';
// The matcher's normalisers, reused by the persons blind index (entities/persons.crypto.ts).
export { normaliseCountry } from './matching/country.ts';
export { formatDob, parseDob } from './matching/dob.ts';
export { normaliseName as normaliseMatchName, significantTokens } from './matching/normalise.ts';
export { normalisePassportNumber } from './matching/passport.ts';
export { scorePair } from './matching/score.ts';
export { Screener, type ScreeningMatch, type ScreenOptions, screenRecords } from './matching/screen.ts';
export type {
  Decision,
  MatchOptions,
  MatchResult,
  Reason,
  Thresholds,
  TravellerRecord,
  WatchlistEntry,
} from './matching/types.ts';
export { REGISTER_ACTIVATION_KIND, REGISTER_RECORD_TYPE } from './offenders.approval.ts';
export { OFFENDERS_POLICY } from './offenders.policy.ts';
export { offendersRoutes } from './offenders.routes.ts';
export { callReference, ScreeningService, screeningServiceFor } from './screening.service.ts';
