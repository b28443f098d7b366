import { DynamicModule, Global, Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeferredWritesListener } from './deferred-writes';
import { ReadCaches } from './read-cache';
import { TransactionEndListener } from './transaction-end';
import { CommunityCache } from '../tenancy/tenant-scope';

/**
 * Provides the DataSource opened (and migrated) before the app starts, and the read caches kept
 * fresh by its writes; closes it at shutdown.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(dataSource: DataSource): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DataSource, useValue: dataSource },
        ReadCaches,
        TransactionEndListener,
        DeferredWritesListener,
        CommunityCache,
      ],
      exports: [DataSource, ReadCaches],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
