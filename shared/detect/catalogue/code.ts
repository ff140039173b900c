/** Code hosting, CI, package registries and developer tools (and KeyHaven's own tokens). */
import { b62, type CatalogueEntry } from './entry.js';

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export const CODE: readonly CatalogueEntry[] = [
  // KeyHaven's own access tokens (docs/crypto.md §25): a page or file showing one has leaked it.
  { provider: 'keyhaven', kind: 'access-token', pattern: `kh_[${b62}]{49}`, checksum: 'keyhaven-crc32', source: 'docs/crypto.md §25' },
  // GitHub (the last six characters are a base62 CRC32 of the rest)
  { provider: 'github', kind: 'classic-pat', pattern: `ghp_[${b62}]{36}`, checksum: 'github-crc32', source: 'gitleaks: github-pat', hosts: ['github.com'] },
  { provider: 'github', kind: 'fine-grained-pat', pattern: `github_pat_[${b62}]{22}_[${b62}]{59}`, source: 'gitleaks: github-fine-grained-pat', hosts: ['github.com'] },
  { provider: 'github', kind: 'oauth', pattern: `gho_[${b62}]{36}`, checksum: 'github-crc32', source: 'gitleaks: github-oauth', hosts: ['github.com'] },
  { provider: 'github', kind: 'user-to-server', pattern: `ghu_[${b62}]{36}`, checksum: 'github-crc32', source: 'gitleaks: github-app-token', hosts: ['github.com'] },
  { provider: 'github', kind: 'server-to-server', pattern: `ghs_[${b62}]{36}`, checksum: 'github-crc32', source: 'gitleaks: github-app-token', hosts: ['github.com'] },
  // Stateless installation tokens (2026): `ghs_<app id>_<JWT>`, about 520 characters and growing with the claims.
  { provider: 'github', kind: 'installation', pattern: `ghs_[${b62}_.-]{79,2000}[${b62}_-]`, source: 'https://github.blog/changelog/2026-05-15-github-app-installation-tokens-per-request-override-header/', hosts: ['github.com'] },
  { provider: 'github', kind: 'refresh', pattern: `ghr_[${b62}]{36,76}`, source: 'gitleaks: github-refresh-token', hosts: ['github.com'] },
  // GitLab
  { provider: 'gitlab', kind: 'pat', pattern: `glpat-[${b62}_-]{20}`, source: 'gitleaks: gitlab-pat', hosts: ['gitlab.com'] },
  { provider: 'gitlab', kind: 'pat-routable', pattern: `glpat-[${b62}_-]{27,300}\\.[0-9a-z]{2}\\.[0-9a-z]{9}`, checksum: 'gitlab-crc32', source: 'betterleaks: gitlab-pat-routable', hosts: ['gitlab.com'] },
  { provider: 'gitlab', kind: 'pat-routable', pattern: `glpat-[${b62}_-]{27,300}\\.[0-9a-z]{9}`, source: 'gitleaks: gitlab-pat-routable', hosts: ['gitlab.com'] },
  { provider: 'gitlab', kind: 'deploy', pattern: `gldt-[${b62}_-]{20,300}`, source: 'gitleaks: gitlab-deploy-token', hosts: ['gitlab.com'] },
  { provider: 'gitlab', kind: 'runner', pattern: `glrt-[${b62}_-]{20,300}`, source: 'gitleaks: gitlab-runner-authentication-token', hosts: ['gitlab.com'] },
  { provider: 'gitlab', kind: 'runner-routable', pattern: `glrt-t[0-9]_[${b62}_-]{27,300}\\.[0-9a-z]{9}`, source: 'gitleaks: gitlab-runner-authentication-token-routable', hosts: ['gitlab.com'] },
  { provider: 'gitlab', kind: 'runner-registration', pattern: `GR1348941[${b62}_-]{20}`, source: 'gitleaks: gitlab-rrt', hosts: ['gitlab.com'] },
  { provider: 'gitlab', kind: 'pipeline-trigger', pattern: 'glptt-[0-9a-f]{40}', source: 'gitleaks: gitlab-ptt', hosts: ['gitlab.com'] },
  { provider: 'gitlab', kind: 'ci-job', pattern: `glcbt-[${b62}]{1,5}_[${b62}_-]{20}`, source: 'gitleaks: gitlab-cicd-job-token', hosts: ['gitlab.com'] },
  { provider: 'gitlab', kind: 'oauth-app-secret', pattern: `gloas-[${b62}_-]{64}`, source: 'gitleaks: gitlab-oauth-app-secret', hosts: ['gitlab.com'] },
  { provider: 'gitlab', kind: 'scim', pattern: `glsoat-[${b62}_-]{20}`, source: 'gitleaks: gitlab-scim-token', hosts: ['gitlab.com'] },
  { provider: 'gitlab', kind: 'feature-flag-client', pattern: `glffct-[${b62}_-]{20}`, source: 'gitleaks: gitlab-feature-flag-client-token', hosts: ['gitlab.com'] },
  { provider: 'gitlab', kind: 'feed', pattern: `glft-[${b62}_-]{20}`, source: 'gitleaks: gitlab-feed-token', hosts: ['gitlab.com'] },
  { provider: 'gitlab', kind: 'incoming-mail', pattern: `glimt-[${b62}_-]{25}`, source: 'gitleaks: gitlab-incoming-mail-token', hosts: ['gitlab.com'] },
  { provider: 'gitlab', kind: 'kubernetes-agent', pattern: `glagent-[${b62}_-]{50}`, source: 'gitleaks: gitlab-kubernetes-agent-token', hosts: ['gitlab.com'] },
  // Other code hosts
  { provider: 'bitbucket', kind: 'app-password', pattern: `ATBB[${b62}]{28,40}`, source: 'trufflehog: bitbucketapppassword', hosts: ['bitbucket.org'] },
  { provider: 'gitea', kind: 'access-token', pattern: '[0-9a-f]{40}', generic: 'label', source: 'betterleaks: gitea-access-token', hosts: ['gitea.com'] },
  // Package registries
  { provider: 'npm', kind: 'access-token', pattern: `npm_[${b62}]{36}`, checksum: 'npm-crc32', source: 'trufflehog: npmtokenv2', hosts: ['www.npmjs.com'] },
  { provider: 'pypi', kind: 'api-token', pattern: `pypi-AgEIcHlwaS5vcmc[${b62}_-]{50,}`, source: 'gitleaks: pypi-upload-token', hosts: ['pypi.org'] },
  { provider: 'rubygems', kind: 'api-key', pattern: 'rubygems_[0-9a-f]{48}', source: 'gitleaks: rubygems-api-token', hosts: ['rubygems.org'] },
  { provider: 'nuget', kind: 'api-key', pattern: 'oy2[a-z0-9]{43}', source: 'trufflehog: nugetapikey (46 characters; issued keys start oy2)', hosts: ['www.nuget.org'] },
  { provider: 'cratesio', kind: 'api-token', pattern: `cio[${b62}]{32}`, source: 'betterleaks: crates-io-api-key', hosts: ['crates.io'] },
  { provider: 'clojars', kind: 'deploy-token', pattern: 'CLOJARS_[a-z0-9]{60}', source: 'gitleaks: clojars-api-token', hosts: ['clojars.org'] },
  { provider: 'dockerhub', kind: 'personal-access-token', pattern: `dckr_pat_[${b62}_-]{27}`, source: 'betterleaks: dockerhub-personal-access-token', hosts: ['app.docker.com'] },
  { provider: 'dockerhub', kind: 'organization-access-token', pattern: `dckr_oat_[${b62}_-]{32}`, source: 'betterleaks: dockerhub-organization-access-token', hosts: ['app.docker.com'] },
  { provider: 'jfrog', kind: 'api-key', pattern: `AKCp[${b62}]{68,70}`, source: 'betterleaks: artifactory-api-key; trufflehog: artifactory', hosts: ['jfrog.io'] },
  { provider: 'jfrog', kind: 'reference-token', pattern: `cmVmdGtu[${b62}]{56}`, source: 'trufflehog: artifactoryreferencetoken; betterleaks: artifactory-reference-token', hosts: ['jfrog.io'] },
  { provider: 'cloudsmith', kind: 'api-key', pattern: '[0-9a-f]{40}', generic: 'label', source: 'betterleaks: cloudsmith-api-key', hosts: ['app.cloudsmith.com'] },
  { provider: 'packagecloud', kind: 'api-token', pattern: '[0-9a-f]{48}', generic: 'label', source: 'trufflehog: packagecloud', hosts: ['packagecloud.io'] },
  // CI and delivery
  { provider: 'circleci', kind: 'personal-token', pattern: `CCIPAT_[${b62}]{22}_[0-9a-f]{40}`, source: 'betterleaks: circleci-personal-token; trufflehog: circleci', hosts: ['app.circleci.com'] },
  { provider: 'circleci', kind: 'token-legacy', pattern: '[0-9a-f]{40}', generic: 'label', label: 'circle[ _-]?ci|circle[ _-]?token', source: 'betterleaks: circleci-project-token', hosts: ['app.circleci.com'] },
  { provider: 'travisci', kind: 'access-token', pattern: `[${b62}]{22}`, generic: 'label', label: 'travis', source: 'gitleaks: travisci-access-token', hosts: ['app.travis-ci.com'] },
  { provider: 'buildkite', kind: 'user-access-token', pattern: 'bkua_[a-z0-9]{40}(?:[a-z0-9]{13})?', source: 'betterleaks: buildkite-user-access-token', hosts: ['buildkite.com'] },
  { provider: 'buildkite', kind: 'access-token-legacy', pattern: '[a-z0-9]{40}', generic: 'label', source: 'trufflehog: buildkite (v1)', hosts: ['buildkite.com'] },
  { provider: 'droneci', kind: 'access-token', pattern: `[${b62}]{32}`, generic: 'label', label: 'drone', source: 'gitleaks: droneci-access-token', hosts: ['cloud.drone.io'] },
  { provider: 'octopusdeploy', kind: 'api-key', pattern: 'API-[A-Z0-9]{26}', source: 'gitleaks: octopus-deploy-api-key', hosts: ['octopus.app'] },
  { provider: 'harness', kind: 'personal-access-token', pattern: `pat\\.[${b62}_-]{22}\\.[0-9a-f]{24}\\.[${b62}]{20}`, source: 'gitleaks: harness-api-key', hosts: ['app.harness.io'] },
  { provider: 'harness', kind: 'service-account-token', pattern: `sat\\.[${b62}_-]{22}\\.[0-9a-f]{24}\\.[${b62}]{20}`, source: 'gitleaks: harness-api-key', hosts: ['app.harness.io'] },
  { provider: 'mergify', kind: 'application-key', pattern: `mergify_application_key_[${b62}_-]{40,200}`, source: 'betterleaks: mergify-application-key', hosts: ['dashboard.mergify.com'] },
  { provider: 'terraform', kind: 'api-token', pattern: `[${b62}]{14}\\.atlasv1\\.[${b62}_-]{60,70}`, source: 'gitleaks: hashicorp-tf-api-token; trufflehog: terraformcloudpersonaltoken', hosts: ['app.terraform.io'] },
  { provider: 'infracost', kind: 'api-key', pattern: `ico-[${b62}]{32}`, source: 'gitleaks: infracost-api-token', hosts: ['dashboard.infracost.io'] },
  { provider: 'prefect', kind: 'api-key', pattern: `pnu_[${b62}]{36}`, source: 'gitleaks: prefect-api-token', hosts: ['app.prefect.cloud'] },
  // Developer tools and code quality
  { provider: 'postman', kind: 'api-key', pattern: 'PMAK-[0-9a-f]{24}-[0-9a-f]{34}', source: 'gitleaks: postman-api-token', hosts: ['go.postman.co'] },
  { provider: 'sourcegraph', kind: 'access-token', pattern: 'sgp_(?:[0-9a-f]{16}|local)_[0-9a-f]{40}', source: 'gitleaks: sourcegraph-access-token', hosts: ['sourcegraph.com'] },
  { provider: 'sourcegraph', kind: 'access-token-legacy', pattern: 'sgp_[0-9a-f]{40}', source: 'gitleaks: sourcegraph-access-token', hosts: ['sourcegraph.com'] },
  { provider: 'sourcegraph', kind: 'access-token-unprefixed', pattern: '[0-9a-f]{40}', generic: 'label', source: 'gitleaks: sourcegraph-access-token; trufflehog: sourcegraph', hosts: ['sourcegraph.com'] },
  { provider: 'snyk', kind: 'api-token', pattern: uuid, generic: 'label', source: 'gitleaks: snyk-api-token', hosts: ['app.snyk.io'] },
  { provider: 'sonarqube', kind: 'token', pattern: 'sq[pua]_[0-9a-f]{40}', source: 'gitleaks: sonar-api-token (squ_ user, sqp_ project, sqa_ global analysis)', hosts: ['sonarcloud.io'] },
  { provider: 'codecov', kind: 'upload-token', pattern: uuid, generic: 'label', source: 'betterleaks: codecov-access-token', hosts: ['app.codecov.io'] },
  { provider: 'readme', kind: 'api-key', pattern: 'rdme_[a-z0-9]{70}', source: 'betterleaks: readme-api-token', hosts: ['dash.readme.com'] },
  { provider: 'ionic', kind: 'personal-access-token', pattern: `ion_[${b62}]{42}`, source: 'betterleaks: ionic-personal-access-token', hosts: ['dashboard.ionicframework.com'] },
  { provider: 'unkey', kind: 'root-key', pattern: `unkey_[${b62}]{20,32}`, source: 'betterleaks: unkey-root-key.1', hosts: ['app.unkey.com'] },
  { provider: 'endorlabs', kind: 'api-key', pattern: `endr\\+[${b62}-]{16}`, source: 'betterleaks: endorlabs-api-key', hosts: ['app.endorlabs.com'] },
];
