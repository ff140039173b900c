/** Which providers' keys a field wants: named by its label (in any spelling developers use), else by the site. */
import { describe, expect, it } from 'vitest';
import { keyFitsField, providersForField } from '../../../shared/index.js';

const named = (label: string, host = 'example.org') => {
  const found = providersForField(label, host);
  return { providers: [...found.providers].sort(), from: found.from };
};

describe('providersForField', () => {
  it('reads the provider from the label, however it is written', () => {
    for (const label of ['OpenAI API key', 'OPENAI_API_KEY', 'openaiApiKey', 'openai-api-key', 'Open AI key']) {
      expect(named(label), label).toEqual({ providers: ['openai'], from: 'label' });
    }
    expect(named('AWS_SECRET_ACCESS_KEY')).toEqual({ providers: ['aws'], from: 'label' });
    expect(named('Hugging Face token')).toEqual({ providers: ['huggingface'], from: 'label' });
    expect(named('HUGGINGFACE_TOKEN')).toEqual({ providers: ['huggingface'], from: 'label' });
  });

  it('a label naming a provider wins over the site; a plain label falls back to the site, then to nothing', () => {
    expect(named('STRIPE_SECRET_KEY', 'platform.openai.com')).toEqual({ providers: ['stripe'], from: 'label' });
    expect(named('API key', 'platform.openai.com')).toEqual({ providers: ['openai'], from: 'site' });
    expect(named('API key', 'eu.platform.openai.com')).toEqual({ providers: ['openai'], from: 'site' });
    expect(named('API key', 'notopenai.com')).toEqual({ providers: [], from: null });
    // A word that only contains a provider's name does not name it.
    expect(named('Secret key for the awsome app')).toEqual({ providers: [], from: null });
  });
});

describe('keyFitsField', () => {
  const wanted = providersForField('OpenAI API key', 'app.example.org');
  it('takes keys of the wanted provider, and keys saved from this very site', () => {
    expect(keyFitsField({ provider: 'openai', url: '' }, wanted, 'app.example.org')).toBe(true);
    expect(keyFitsField({ provider: 'aws', url: '' }, wanted, 'app.example.org')).toBe(false);
    expect(keyFitsField({ provider: '', url: 'https://app.example.org/settings' }, wanted, 'app.example.org')).toBe(true);
    expect(keyFitsField({ provider: '', url: 'https://other.example.org/' }, wanted, 'app.example.org')).toBe(false);
    expect(keyFitsField({ provider: '', url: 'not a url' }, wanted, 'app.example.org')).toBe(false);
  });
  it('takes every key when nothing names a provider', () => {
    expect(keyFitsField({ provider: 'aws', url: '' }, providersForField('Token', 'example.org'), 'example.org')).toBe(true);
  });
});
