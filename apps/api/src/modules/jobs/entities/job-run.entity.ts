import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const JOB_RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

/**
 * One run of a scheduled job. `tick` is the scheduled slot; the unique (name, tick) pair makes
 * each tick run once across all API instances. Manual runs have no tick.
 */
@Entity('job_runs')
@Index('uq_job_runs_name_tick', ['name', 'tick'], { unique: true })
@Index('idx_job_runs_name_started', ['name', 'startedAt'])
export class JobRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'timestamptz', nullable: true })
  tick: Date | null;

  @Column({ type: 'varchar', length: 12 })
  status: JobRunStatus;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  durationMs: number | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  counts: Record<string, number>;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'varchar', length: 80 })
  instanceId: string;
}
