import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfigFromProcess } from './config/load-config';
import { dataSourceOptions } from './database/data-source-options';

/**
 * Data source for the TypeORM CLI (`npm run migration:generate|run|revert`; scripts/typeorm.js
 * provides DATABASE_URL, starting the embedded PostgreSQL when none is configured).
 */
const config = loadConfigFromProcess();
if (!config.database.url) throw new Error('DATABASE_URL is required for the TypeORM CLI (use npm run migration:*)');
export default new DataSource(dataSourceOptions(config.database.url, 2));
