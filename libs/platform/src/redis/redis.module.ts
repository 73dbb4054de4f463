import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ioredisOptions, type RedisConnection } from './redis-connection.js';

export const REDIS = Symbol('REDIS');

export type RedisModuleOptions = RedisConnection;

/** One shared ioredis connection per process. */
@Global()
@Module({})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  static forRootAsync(options: {
    imports?: DynamicModule['imports'];
    inject?: unknown[];
    useFactory: (...args: any[]) => RedisModuleOptions | Promise<RedisModuleOptions>;
  }): DynamicModule {
    return {
      module: RedisModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: REDIS,
          inject: (options.inject ?? []) as never[],
          useFactory: async (...args: any[]) => {
            const connection = await options.useFactory(...args);
            const redis = new Redis({
              ...ioredisOptions(connection),
              maxRetriesPerRequest: 2,
              enableOfflineQueue: true,
              lazyConnect: false,
              // Commands issued in the same tick (by concurrent requests) leave in one socket write:
              // on a busy idp most of a command's client cost is the write itself.
              enableAutoPipelining: true,
            });
            // ioredis reconnects by itself; without a listener each failure is an "unhandled error event".
            let warned = false;
            redis.on('error', (e: Error) => {
              if (!warned)
                process.stderr.write(JSON.stringify({ level: 40, msg: `redis: ${e.message}` }) + '\n');
              warned = true;
            });
            redis.on('ready', () => (warned = false));
            return redis;
          },
        },
      ],
      exports: [REDIS],
    };
  }

  async onApplicationShutdown() {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
