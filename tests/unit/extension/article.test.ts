import { describe, expect, it } from 'vitest';
import { keyPhrase, PROVIDER_NAMES, providerName } from '../../../shared/index.js';
import { CATALOGUE } from '../../../shared/detect/catalogue/index.js';
import { article, withArticle } from '../../../extension/ui/article.js';

/** Every provider the catalogue knows, by how its display name is said. */
const AN = new Set([
  'age', 'airtable', 'algolia', 'alibaba', 'amplitude', 'anthropic', 'apify', 'asana', 'assemblyai', 'atlassian', 'authress', 'authzero', 'aws', 'azure',
  'easypost', 'elevenlabs', 'endorlabs', 'exoscale', 'ibm', 'infracost', 'intercom', 'ionic', 'npm', 'nvidia', 'octopusdeploy', 'okta', 'openai',
  'openrouter', 'opsgenie', 'terraform', 'twitter', 'unkey', 'upcloud', 'xai', 'unknown',
]);

describe('article', () => {
  it('says "an" before a vowel sound and "a" before a consonant sound, for every provider in the catalogue', () => {
    const providers = new Set([...CATALOGUE.map((e) => e.provider), ...Object.keys(PROVIDER_NAMES)]);
    const wrong = [...providers].filter((p) => article(providerName(p)) !== (AN.has(p) ? 'an' : 'a')).map((p) => `${article(providerName(p))} ${providerName(p)}`);
    expect(wrong).toEqual([]);
  });

  it('reads initialisms, lower-case abbreviations and numbers as they are said', () => {
    expect(['AWS', 'API', 'HCP Terraform', 'X (Twitter)', 'npm', 'xAI', 'iOS', 'SQLite', 'HTTPS', 'NVIDIA', '8x8', '11', '18 000', 'hour'].map(article)).toEqual(Array(14).fill('an'));
    expect(['URL', 'JFrog', 'GitHub', 'PyPI', '1Password', '110', 'unique', 'user', 'European', 'one-time', 'Hugging Face', 'KeyHaven'].map(article)).toEqual(Array(12).fill('a'));
    expect(['Uber', 'Upstash', 'under'].map(article)).toEqual(['an', 'an', 'an']);
  });

  it('makes the add form\'s sentence: "an OpenAI project key", "a GitHub classic PAT key"', () => {
    expect(withArticle(keyPhrase('openai', 'project'))).toBe('an OpenAI project key');
    expect(withArticle(keyPhrase('github', 'classic-pat'))).toBe('a GitHub classic PAT key');
    expect(withArticle(keyPhrase('aws', 'access-key-id'))).toBe('an AWS access key id key');
    expect(withArticle(keyPhrase('telegram', 'bot-token'))).toBe('a Telegram bot token');
    expect(withArticle(keyPhrase('stripe', 'secret-live'))).toBe('a Stripe secret live key');
  });
});
