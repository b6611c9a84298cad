import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs one use case's writes in a single transaction. Never call a router or a payment
 * gateway inside `work` (docs/architecture.md rule 3): write an outbox row instead.
 */
export function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction(work);
}
