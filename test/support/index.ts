export { dropDatabase, freshDatabaseUrl } from './database.js';
export { identityCoreContext, testConfig, type TestContext } from './context.js';
export { appEnv, freePort, startApp, type RunningApp } from './processes.js';
export { launchBrowser } from './browser.js';
export { TestRelyingParty } from './relying-party.js';
export { SmtpSink, type ReceivedMail } from './smtp-sink.js';
export { SmsGatewayStub, type GatewayFailure, type ReceivedSms } from './sms-gateway.js';
export { pngChunks } from './png.js';
export { base32Decode, hotp, nextTotpCode, totpCode, type TotpHolder } from './totp.js';
export {
  CountyOAuth2StandIn,
  CountyOidcStandIn,
  type CountyPerson,
  type OAuth2Person,
} from './counties/index.js';
export { RedisSentinelSet, RedisServerProcess } from './redis-server.js';
export { REPO_ROOT, runCli } from './cli.js';
export { FormClient } from './form-client.js';
export { ROSTER_ROWS, rosterFile } from './roster-file.js';
export { clusterSlot, RedisOperationRecorder, type AtomicOperation } from './redis-slots.js';
