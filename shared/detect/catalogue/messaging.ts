/** Messaging, email, SMS and chat. */
import { b62, type CatalogueEntry } from './entry.js';

const SLACK = ['api.slack.com'];
const TWILIO = ['console.twilio.com'];

export const MESSAGING: readonly CatalogueEntry[] = [
  // Slack
  { provider: 'slack', kind: 'bot', pattern: 'xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24,34}', source: 'gitleaks: slack-bot-token', hosts: SLACK },
  { provider: 'slack', kind: 'user', pattern: 'xoxp-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32}', source: 'gitleaks: slack-user-token', hosts: SLACK },
  { provider: 'slack', kind: 'webhook', pattern: 'https://hooks\\.slack\\.com/services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{24}', source: 'gitleaks: slack-webhook-url', hosts: SLACK },
  { provider: 'slack', kind: 'app-level', pattern: 'xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,14}-[a-z0-9]{32,80}', source: 'gitleaks: slack-app-token', hosts: SLACK },
  { provider: 'slack', kind: 'config-access', pattern: `xoxe\\.xox[bp]-[0-9]-[${b62}]{163,166}`, source: 'gitleaks: slack-config-access-token', hosts: SLACK },
  { provider: 'slack', kind: 'config-refresh', pattern: `xoxe-[0-9]-[${b62}]{146}`, source: 'gitleaks: slack-config-refresh-token', hosts: SLACK },
  // Twilio: the Account SID and its auth token are shown together, as are an API key SID and its secret
  { provider: 'twilio', kind: 'account-sid', pattern: 'AC[0-9a-f]{32}', pair: { group: 'twilio', role: 'id' }, source: 'trufflehog: twilio', hosts: TWILIO },
  { provider: 'twilio', kind: 'auth-token', pattern: '[0-9a-f]{32}', generic: 'label', label: 'twilio', pair: { group: 'twilio', role: 'secret' }, source: 'trufflehog: twilio', hosts: TWILIO },
  { provider: 'twilio', kind: 'api-key', pattern: 'SK[0-9a-f]{32}', pair: { group: 'twilio-api-key', role: 'id' }, source: 'gitleaks: twilio-api-key', hosts: TWILIO },
  { provider: 'twilio', kind: 'api-key-secret', pattern: `[${b62}]{32}`, generic: 'label', label: 'twilio', pair: { group: 'twilio-api-key', role: 'secret' }, source: 'trufflehog: twilioapikey', hosts: TWILIO },
  // Email
  { provider: 'sendgrid', kind: 'api-key', pattern: `SG\\.[${b62}_-]{22}\\.[${b62}_-]{43}`, source: 'gitleaks: sendgrid-api-token', hosts: ['app.sendgrid.com'] },
  { provider: 'mailgun', kind: 'api-key', pattern: 'key-[0-9a-f]{32}', source: 'gitleaks: mailgun-private-api-token', hosts: ['app.mailgun.com'] },
  { provider: 'mailgun', kind: 'api-key', pattern: '[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}', source: 'trufflehog: mailgun', hosts: ['app.mailgun.com'] },
  { provider: 'postmark', kind: 'server-token', pattern: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', generic: 'label', source: 'trufflehog: postmark', hosts: ['account.postmarkapp.com'] },
  { provider: 'resend', kind: 'api-key', pattern: `re_[${b62}]{8}_[${b62}]{24}`, source: 'https://resend.com/docs/dashboard/api-keys/introduction', hosts: ['resend.com'] },
  { provider: 'mailchimp', kind: 'api-key', pattern: '[0-9a-f]{32}-us[0-9]{1,2}', source: 'gitleaks: mailchimp-api-key; trufflehog: mailchimp', hosts: ['admin.mailchimp.com'] },
  { provider: 'brevo', kind: 'api-key', pattern: `xkeysib-[a-f0-9]{64}-[${b62}]{16}`, source: 'gitleaks: sendinblue-api-token', hosts: ['app.brevo.com'] },
  // SMS and voice
  { provider: 'telnyx', kind: 'api-key', pattern: `KEY[${b62}_-]{55}`, source: 'trufflehog: telnyx; kingfisher: kingfisher.telnyx.1', hosts: ['portal.telnyx.com'] },
  { provider: 'messagebird', kind: 'access-key', pattern: `[${b62}]{25}`, generic: 'label', label: 'message[ _-]?bird', source: 'gitleaks: messagebird-api-token', hosts: ['dashboard.messagebird.com'] },
  // Chat and support
  { provider: 'discord', kind: 'bot-token', pattern: `[MNO][${b62}_-]{23,27}\\.[${b62}_-]{6}\\.[${b62}_-]{27,40}`, source: 'trufflehog: discordbottoken', hosts: ['discord.com'] },
  { provider: 'discord', kind: 'webhook', pattern: 'https://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,72}', source: 'trufflehog: discordwebhook', hosts: ['discord.com'] },
  { provider: 'telegram', kind: 'bot-token', pattern: '[0-9]{8,10}:AA[A-Za-z0-9_-]{33}', source: 'gitleaks: telegram-bot-api-token', hosts: ['web.telegram.org'] },
  { provider: 'intercom', kind: 'access-token', pattern: `[${b62}_=-]{60}`, generic: 'label', label: 'intercom', source: 'gitleaks: intercom-api-key', hosts: ['app.intercom.com'] },
  // Print and mail
  { provider: 'lob', kind: 'live-api-key', pattern: 'live_[a-f0-9]{35}', source: 'gitleaks: lob-api-key', hosts: ['dashboard.lob.com'] },
  { provider: 'lob', kind: 'test-api-key', pattern: 'test_[a-f0-9]{35}', source: 'gitleaks: lob-api-key', hosts: ['dashboard.lob.com'] },
];
