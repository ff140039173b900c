/**
 * Keys that providers print in their own documentation, for anyone to copy: a page or file showing one
 * has leaked nothing. Only values a provider published as a sample belong here, each with where it is
 * printed; placeholders made of words or runs (`sk_test_xxxx`, `…EXAMPLE`) are refused by shape instead
 * (shape.ts), not listed.
 */
const SAMPLES: ReadonlyArray<{ value: string; source: string }> = [
  // Stripe's sample test-mode keys, shown to signed-out readers of the API reference and Stripe.js guides.
  { value: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc', source: 'https://docs.stripe.com/api/authentication (earlier versions; quoted across Stripe examples)' },
  { value: 'sk_test_BQokikJOvBiI2HlWgH4olfQ2', source: 'https://docs.stripe.com/api/authentication' },
  { value: 'pk_test_TYooMQauvdEDq54NiTphI7jx', source: 'https://docs.stripe.com/js (Stripe.js examples)' },
  // Paddle's example of an API key in its authentication guide.
  { value: 'pdl_live_apikey_01gtgztp8f4kek3yd4g1wrksa3_q6TGTJyvoIz7LDtXT65bX7_AQO', source: 'https://developer.paddle.com/api-reference/about/authentication' },
  // Mollie's test key used in every request example of its API reference.
  { value: 'test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM', source: 'https://docs.mollie.com/reference/authentication (API reference examples)' },
  // The Account SID in Twilio's documentation code samples ("Your Account Sid and Auth Token from twilio.com/user/account").
  { value: 'AC32a3c49700934481addd5ce1659f04d2', source: 'https://www.twilio.com/docs (code samples, github.com/TwilioDevEd/api-snippets)' },
  // OAuth 2.0's own example tokens, copied into countless OAuth libraries' docs and tests.
  { value: '2YotnFZFEjr1zCsicMWpAA', source: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.4 (access token example)' },
  { value: 'tGzv3JOkF0XG5Qx2TlKWIA', source: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.4 (refresh token example)' },
];

const VALUES: ReadonlySet<string> = new Set(SAMPLES.map((s) => s.value));

/** Whether `value` is a key a provider published as a documentation sample. */
export function isDocumentationSample(value: string): boolean {
  return VALUES.has(value);
}

/** The samples and their sources (tests show each is refused while a fresh key of its shape is found). */
export const DOCUMENTATION_SAMPLES = SAMPLES;
