/** Messaging, email, SMS and chat. */
import { b62, type CatalogueEntry } from './entry.js';

export const MESSAGING: readonly CatalogueEntry[] = [
  // Slack
  { provider: 'slack', kind: 'bot', pattern: 'xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24,34}', hosts: ['api.slack.com'] },
  { provider: 'slack', kind: 'user', pattern: 'xoxp-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32}', hosts: ['api.slack.com'] },
  { provider: 'slack', kind: 'webhook', pattern: 'https://hooks\\.slack\\.com/services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{24}', hosts: ['api.slack.com'] },
  // Twilio
  { provider: 'twilio', kind: 'api-key', pattern: 'SK[0-9a-f]{32}', hosts: ['console.twilio.com'] },
  { provider: 'twilio', kind: 'auth-token', pattern: '[0-9a-f]{32}', generic: 'label', hosts: ['console.twilio.com'] },
  // Email
  { provider: 'sendgrid', kind: 'api-key', pattern: `SG\\.[${b62}_-]{22}\\.[${b62}_-]{43}`, hosts: ['app.sendgrid.com'] },
  { provider: 'mailgun', kind: 'api-key', pattern: 'key-[0-9a-f]{32}', hosts: ['app.mailgun.com'] },
  { provider: 'mailgun', kind: 'api-key', pattern: '[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}', hosts: ['app.mailgun.com'] },
  { provider: 'postmark', kind: 'server-token', pattern: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', generic: 'label', hosts: ['account.postmarkapp.com'] },
  { provider: 'resend', kind: 'api-key', pattern: `re_[${b62}]{8}_[${b62}]{24}`, hosts: ['resend.com'] },
  // Chat
  { provider: 'discord', kind: 'bot-token', pattern: `[MNO][${b62}_-]{23,27}\\.[${b62}_-]{6}\\.[${b62}_-]{27,40}`, hosts: ['discord.com'] },
  { provider: 'discord', kind: 'webhook', pattern: 'https://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,72}', hosts: ['discord.com'] },
  { provider: 'telegram', kind: 'bot-token', pattern: '[0-9]{8,10}:AA[A-Za-z0-9_-]{33}', hosts: ['web.telegram.org'] },
];
