// The public entry of the jobs module: what other modules may use (docs/architecture.md, CONTRIBUTING.md).
// Other modules import '../jobs', never a file inside it; files inside the module import each other directly.
export { JobRunner } from './job-runner.service';
export type { JobOutcome } from './job-runner.service';
export { JobQueue } from './job-queue.service';
export { JobsModule } from './jobs.module';
