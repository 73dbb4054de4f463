import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase, runMigrationsLocked } from './data-source.js';

export interface DatabaseModuleOptions {
  url: string;
  /** Apply pending migrations while connecting (apps do this on start). */
  migrate: boolean;
}

/** The TypeORM data source. Entities are registered by each lib with TypeOrmModule.forFeature. */
@Module({})
export class DatabaseModule {
  static forRootAsync(options: {
    imports?: DynamicModule['imports'];
    inject?: never[];
    useFactory: (...args: any[]) => DatabaseModuleOptions | Promise<DatabaseModuleOptions>;
  }): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          imports: options.imports ?? [],
          inject: options.inject ?? [],
          useFactory: async (...args: any[]) => {
            const { url, migrate } = await options.useFactory(...args);
            await ensureDatabase(url);
            return {
              ...dataSourceOptions(url),
              autoLoadEntities: true,
              retryAttempts: 3,
              migrateOnStart: migrate,
            };
          },
          dataSourceFactory: async (opts) => {
            const { migrateOnStart, ...rest } = opts as typeof opts & { migrateOnStart: boolean };
            const ds = await new DataSource(rest).initialize();
            if (migrateOnStart) await runMigrationsLocked(ds);
            return ds;
          },
        }),
      ],
    };
  }
}
