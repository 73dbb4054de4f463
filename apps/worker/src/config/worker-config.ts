import type { NotificationDeliveryOptions } from '#notifications';
import { bullPrefix, type AppConfig } from '#platform';

/** Settings only the worker needs: checked here so idp and admin do not need SMS credentials. */
export function workerConfigProblems(config: AppConfig): string[] {
  const problems: string[] = [];
  if (config.smsProvider === 'mitake') {
    if (!config.smsUsername) problems.push('SMS_USERNAME: required when SMS_PROVIDER is mitake');
    if (!config.smsPassword) problems.push('SMS_PASSWORD: required when SMS_PROVIDER is mitake');
  }
  return problems;
}

export function notificationDeliveryOptions(config: AppConfig): NotificationDeliveryOptions {
  return {
    redis: config.redis,
    queuePrefix: bullPrefix(config.redisPrefix),
    smtpUrl: config.smtpUrl,
    mailFrom: config.mailFrom,
    sms:
      config.smsProvider === 'mitake'
        ? {
            provider: 'mitake',
            gatewayUrl: config.smsGatewayUrl,
            username: config.smsUsername,
            password: config.smsPassword,
          }
        : { provider: 'log', revealBodies: !config.production },
    relay: {
      poll: true,
      intervalMs: config.notificationRelayIntervalMs,
      replicasToAck: config.redis.sentinels?.length ? 1 : 0,
    },
    retry: { attempts: config.notificationAttempts, backoffMs: config.notificationBackoffMs },
    jobLockMs: config.notificationJobLockMs,
  };
}
