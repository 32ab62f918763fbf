import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** What repositories share: the data source, its manager (outside any transaction) and transactions. */
export abstract class DataSourceRepository {
  constructor(@InjectDataSource() protected readonly dataSource: DataSource) {}

  /** The manager of no transaction (each statement commits alone). */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
