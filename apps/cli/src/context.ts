import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CliModule } from './cli.module.js';

/** Boots the Nest context for one command and always closes it (MySQL, Redis) afterwards. */
export async function withContext<T>(fn: (ctx: INestApplicationContext) => Promise<T>): Promise<T> {
  const ctx = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}
