/** Payments and commerce. */
import { b62, type CatalogueEntry } from './entry.js';

export const PAYMENTS: readonly CatalogueEntry[] = [
  // Stripe
  { provider: 'stripe', kind: 'secret-live', pattern: `sk_live_[${b62}]{24,247}`, hosts: ['dashboard.stripe.com'] },
  { provider: 'stripe', kind: 'secret-test', pattern: `sk_test_[${b62}]{24,247}`, hosts: ['dashboard.stripe.com'] },
  { provider: 'stripe', kind: 'restricted-live', pattern: `rk_live_[${b62}]{24,247}`, hosts: ['dashboard.stripe.com'] },
  { provider: 'stripe', kind: 'restricted-test', pattern: `rk_test_[${b62}]{24,247}`, hosts: ['dashboard.stripe.com'] },
  { provider: 'stripe', kind: 'publishable-live', pattern: `pk_live_[${b62}]{24,247}`, hosts: ['dashboard.stripe.com'] },
  { provider: 'stripe', kind: 'publishable-test', pattern: `pk_test_[${b62}]{24,247}`, hosts: ['dashboard.stripe.com'] },
  // Commerce
  { provider: 'shopify', kind: 'admin-access-token', pattern: 'shpat_[a-fA-F0-9]{32}', hosts: ['admin.shopify.com'] },
  { provider: 'shopify', kind: 'custom-app-token', pattern: 'shpca_[a-fA-F0-9]{32}', hosts: ['admin.shopify.com'] },
  { provider: 'shopify', kind: 'private-app-token', pattern: 'shppa_[a-fA-F0-9]{32}', hosts: ['admin.shopify.com'] },
  { provider: 'shopify', kind: 'shared-secret', pattern: 'shpss_[a-fA-F0-9]{32}', hosts: ['admin.shopify.com'] },
  { provider: 'square', kind: 'access-token', pattern: `EAAA[${b62}_-]{60}`, hosts: ['developer.squareup.com'] },
  { provider: 'square', kind: 'oauth-secret', pattern: `sq0csp-[${b62}_-]{43}`, hosts: ['developer.squareup.com'] },
];
