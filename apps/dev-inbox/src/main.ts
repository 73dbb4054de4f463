import express from 'express';
import { assetHandlers, pageCsp, pickLocale } from '#web';
import { config } from './config/config.js';
import { inboxPage } from './inbox.page.js';
import { InboxStore } from './inbox.store.js';
import { startSmtp } from './smtp.server.js';

/**
 * The development inbox (`npm start` runs it; never production): a local SMTP server the apps'
 * default SMTP_URL points at, and a stand-in for the SMS gateway speaking the Mitake SmSend form
 * API the worker uses, both feeding one page at http://localhost:3003 and `/messages.json`.
 */
const store = new InboxStore();
const smtp = await startSmtp(store, config.smtpPort);
let smsSeq = 0;

const app = express();
app.disable('x-powered-by');
app.use(assetHandlers('dev-inbox'));

app.get('/', (req, res) => {
  const locale = pickLocale(String(req.query.ui_locales ?? ''), req.headers['accept-language']);
  res.setHeader('content-security-policy', pageCsp());
  res.setHeader('cache-control', 'no-store');
  res.type('html').send(inboxPage(locale, store.list()));
});

app.get('/messages.json', (req, res) => {
  res.setHeader('cache-control', 'no-store');
  res.json(
    store.list({
      to: req.query.to ? String(req.query.to) : undefined,
      kind: req.query.kind ? String(req.query.kind) : undefined,
    }),
  );
});

// Mitake SmSend: form fields dstaddr, smbody, clientid; any credentials are accepted here.
app.post('/api/mtk/SmSend', express.urlencoded({ extended: false, limit: '16kb' }), (req, res) => {
  const form = req.body as Record<string, string | undefined>;
  res.type('text/plain; charset=utf-8');
  if (!/^09\d{8}$/.test(form.dstaddr ?? '') || !form.smbody) {
    res.send('[1]\r\nstatuscode=v\r\nError=v\r\n');
    return;
  }
  store.add({ kind: 'sms', to: form.dstaddr!, from: 'SMS', subject: '', text: form.smbody });
  res.send(`[1]\r\nmsgid=#${String(++smsSeq).padStart(9, '0')}\r\nstatuscode=1\r\nAccountPoint=9999\r\n`);
});

const server = app.listen(config.httpPort, '127.0.0.1', () => {
  process.stdout.write(
    `dev-inbox: mail and SMS at http://localhost:${config.httpPort} (SMTP on 127.0.0.1:${config.smtpPort})\n`,
  );
});

const stop = () => {
  server.close();
  smtp.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
