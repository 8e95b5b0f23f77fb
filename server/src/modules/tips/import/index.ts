/** CyberTipline import (issue 5): files → tips, the upload routes and job, the policy. */
export { fileFromBytes, filesFromPaths } from './files.ts';
export { tipImportJobs } from './import.jobs.ts';
export { TIP_IMPORT_POLICY } from './import.policy.ts';
export { tipImportRoutes } from './import.routes.ts';
export {
  type ImportDeps,
  type ImportFile,
  type ImportOptions,
  type ImportProgress,
  type ImportSummary,
  importCyberTipFiles,
} from './import.service.ts';
