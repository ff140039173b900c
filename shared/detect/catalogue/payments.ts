/** Payments and commerce. */
import { b62, type CatalogueEntry } from './entry.js';

const STRIPE = ['dashboard.stripe.com'];
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export const PAYMENTS: readonly CatalogueEntry[] = [
  // Stripe
  { provider: 'stripe', kind: 'secret-live', pattern: `sk_live_[${b62}]{24,247}`, source: 'gitleaks: stripe-access-token', hosts: STRIPE },
  { provider: 'stripe', kind: 'secret-test', pattern: `sk_test_[${b62}]{24,247}`, source: 'gitleaks: stripe-access-token', hosts: STRIPE },
  { provider: 'stripe', kind: 'restricted-live', pattern: `rk_live_[${b62}]{24,247}`, source: 'gitleaks: stripe-access-token', hosts: STRIPE },
  { provider: 'stripe', kind: 'restricted-test', pattern: `rk_test_[${b62}]{24,247}`, source: 'gitleaks: stripe-access-token', hosts: STRIPE },
  { provider: 'stripe', kind: 'publishable-live', pattern: `pk_live_[${b62}]{24,247}`, source: 'trufflehog: stripe', hosts: STRIPE },
  { provider: 'stripe', kind: 'publishable-test', pattern: `pk_test_[${b62}]{24,247}`, source: 'trufflehog: stripe', hosts: STRIPE },
  { provider: 'stripe', kind: 'webhook-secret', pattern: `whsec_[${b62}]{32,64}`, source: 'https://docs.stripe.com/webhooks#verify-events', hosts: STRIPE },
  // Commerce
  { provider: 'shopify', kind: 'admin-access-token', pattern: 'shpat_[a-fA-F0-9]{32}', source: 'gitleaks: shopify-access-token', hosts: ['admin.shopify.com'] },
  { provider: 'shopify', kind: 'custom-app-token', pattern: 'shpca_[a-fA-F0-9]{32}', source: 'gitleaks: shopify-custom-access-token', hosts: ['admin.shopify.com'] },
  { provider: 'shopify', kind: 'private-app-token', pattern: 'shppa_[a-fA-F0-9]{32}', source: 'gitleaks: shopify-private-app-access-token', hosts: ['admin.shopify.com'] },
  { provider: 'shopify', kind: 'shared-secret', pattern: 'shpss_[a-fA-F0-9]{32}', source: 'gitleaks: shopify-shared-secret', hosts: ['admin.shopify.com'] },
  { provider: 'square', kind: 'access-token', pattern: `EAAA[${b62}_-]{60}`, source: 'gitleaks: square-access-token', hosts: ['developer.squareup.com'] },
  { provider: 'square', kind: 'access-token-legacy', pattern: `sq0atp-[${b62}_-]{22}`, source: 'gitleaks: square-access-token', hosts: ['developer.squareup.com'] },
  { provider: 'square', kind: 'oauth-secret', pattern: `sq0csp-[${b62}_-]{43}`, source: 'trufflehog: squareapp', hosts: ['developer.squareup.com'] },
  // Payment platforms
  { provider: 'paddle', kind: 'api-key', pattern: `pdl_(?:live|sdbx)_apikey_[0-9a-z]{26}_[${b62}]{22}_[${b62}]{3}`, source: 'https://developer.paddle.com/api-reference/about/authentication', hosts: ['vendors.paddle.com', 'sandbox-vendors.paddle.com'] },
  { provider: 'razorpay', kind: 'key-id', pattern: `rzp_(?:live|test)_[${b62}]{14}`, pair: { group: 'razorpay', role: 'id' }, source: 'trufflehog: razorpay', hosts: ['dashboard.razorpay.com'] },
  { provider: 'razorpay', kind: 'key-secret', pattern: `[${b62}]{24}`, generic: 'label', label: 'razorpay', pair: { group: 'razorpay', role: 'secret' }, source: 'trufflehog: razorpay', hosts: ['dashboard.razorpay.com'] },
  { provider: 'mollie', kind: 'live-api-key', pattern: `live_[${b62}]{30}`, source: 'https://docs.mollie.com/reference/authentication', hosts: ['my.mollie.com'] },
  { provider: 'mollie', kind: 'test-api-key', pattern: `test_[${b62}]{30}`, source: 'https://docs.mollie.com/reference/authentication', hosts: ['my.mollie.com'] },
  { provider: 'gocardless', kind: 'live-access-token', pattern: `live_[${b62}_=-]{40}`, source: 'gitleaks: gocardless-api-token', hosts: ['manage.gocardless.com'] },
  { provider: 'flutterwave', kind: 'secret-key', pattern: 'FLWSECK(?:_TEST)?-[0-9a-z]{32}-X', source: 'trufflehog: flutterwave; gitleaks: flutterwave-secret-key', hosts: ['app.flutterwave.com', 'dashboard.flutterwave.com'] },
  { provider: 'flutterwave', kind: 'public-key', pattern: 'FLWPUBK(?:_TEST)?-[0-9a-z]{32}-X', source: 'gitleaks: flutterwave-public-key', hosts: ['app.flutterwave.com', 'dashboard.flutterwave.com'] },
  // Plaid: a client id and a secret per environment, shown together; access tokens are distinctive
  { provider: 'plaid', kind: 'client-id', pattern: '[0-9a-f]{24}', generic: 'label', label: 'plaid', pair: { group: 'plaid', role: 'id' }, source: 'trufflehog: plaidkey', hosts: ['dashboard.plaid.com'] },
  { provider: 'plaid', kind: 'secret', pattern: '[0-9a-f]{30}', generic: 'label', label: 'plaid', pair: { group: 'plaid', role: 'secret' }, source: 'trufflehog: plaidkey', hosts: ['dashboard.plaid.com'] },
  { provider: 'plaid', kind: 'access-token', pattern: `access-(?:sandbox|development|production)-${UUID}`, source: 'gitleaks: plaid-api-token', hosts: ['dashboard.plaid.com'] },
  // Shipping and travel commerce APIs
  { provider: 'easypost', kind: 'api-key', pattern: `EZAK[${b62}]{54}`, source: 'gitleaks: easypost-api-token', hosts: ['www.easypost.com'] },
  { provider: 'easypost', kind: 'test-api-key', pattern: `EZTK[${b62}]{54}`, source: 'gitleaks: easypost-test-api-token', hosts: ['www.easypost.com'] },
  { provider: 'shippo', kind: 'api-token', pattern: 'shippo_(?:live|test)_[a-fA-F0-9]{40}', source: 'gitleaks: shippo-api-token', hosts: ['apps.goshippo.com'] },
  { provider: 'duffel', kind: 'access-token', pattern: `duffel_(?:test|live)_[${b62}_=-]{43}`, source: 'gitleaks: duffel-api-token', hosts: ['app.duffel.com'] },
  // PayPal REST apps: a client id and its secret, 80 characters each, shown together
  { provider: 'paypal', kind: 'client-id', pattern: `A[${b62}_-]{79}`, generic: 'label', label: 'paypal', pair: { group: 'paypal', role: 'id' }, source: 'trufflehog: paypaloauth', hosts: ['developer.paypal.com'] },
  { provider: 'paypal', kind: 'client-secret', pattern: `E[${b62}_-]{79}`, generic: 'label', label: 'paypal', pair: { group: 'paypal', role: 'secret' }, source: 'trufflehog: paypaloauth', hosts: ['developer.paypal.com'] },
];
