import { z } from 'zod';
import { type AnyJobDefinition, defineJob } from '../../../platform/jobs/index.ts';
import type { ImportDeps } from './import.service.ts';
import { failUploadImport, runUploadImport, TIP_IMPORT_JOB } from './upload.service.ts';

/** Attempts before an upload is marked failed (a crash mid-run is retried; tips already filed dedupe). */
const MAX_ATTEMPTS = 3;

/**
 * The upload import job. Built from the application's dependencies because filing a tip needs the
 * configuration and the field cipher, which a job's own context does not carry.
 */
export function tipImportJob(deps: ImportDeps) {
  return defineJob({
    kind: TIP_IMPORT_JOB,
    payload: z.object({ importId: z.uuid(), allowUnknownElements: z.boolean().default(false) }),
    maxAttempts: MAX_ATTEMPTS,
    timeoutMs: 60 * 60 * 1000,
    handle: async (payload, job) => {
      const jobDeps = { ...deps, database: job.db, clock: job.clock };
      try {
        await runUploadImport(jobDeps, payload.importId, {
          allowUnknownElements: payload.allowUnknownElements,
          signal: job.signal,
        });
      } catch (err) {
        if (job.attempt >= MAX_ATTEMPTS) await failUploadImport(jobDeps, payload.importId);
        throw err;
      }
    },
  });
}

export type TipImportJobDefinition = ReturnType<typeof tipImportJob>;

export function tipImportJobs(deps: ImportDeps): AnyJobDefinition[] {
  return [tipImportJob(deps)];
}
