/**
 * Findings as SARIF 2.1.0 (the format code hosts' code-scanning views read): one rule per provider and
 * key kind, one result per finding, located by file, line and columns, and by commit for history.
 * Results carry the masked key only.
 */
import type { Finding } from './finding.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

export function ruleId(finding: Pick<Finding, 'provider' | 'kind'>): string {
  return `keyhaven/${finding.provider}/${finding.kind}`;
}

export function message(finding: Finding): string {
  const whose = finding.provider === 'unknown' ? 'An API key' : `A ${finding.provider} ${finding.kind} key`;
  const where = finding.commit ? ` was committed in ${finding.commit.slice(0, 12)}` : finding.ignored ? ' is in a file git ignores (not committed)' : ' is in this file';
  const names = finding.stored.map((s) => `"${s.name}" (vault "${s.vault}")`).join(', ');
  const stored = finding.stored.length === 0 ? '' : finding.ignored ? `; it is stored in KeyHaven as ${names}` : `; it is stored in KeyHaven as ${names}: rotate it, it leaked here`;
  return `${whose} (${finding.masked})${where}${stored}.`;
}

export function toSarif(findings: readonly Finding[], version: string): unknown {
  const rules = [...new Map(findings.map((f) => [ruleId(f), f])).values()].map((f) => ({
    id: ruleId(f),
    name: `${f.provider}-${f.kind}`.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase()),
    shortDescription: { text: f.provider === 'unknown' ? 'A labelled API key' : `${f.provider} ${f.kind} key` },
    defaultConfiguration: { level: 'error' },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'keyhaven', version, rules } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: ruleId(f),
          ruleIndex: index.get(ruleId(f)),
          level: f.ignored ? 'note' : 'error',
          message: { text: message(f) },
          locations: [{ physicalLocation: { artifactLocation: { uri: f.path.split('/').map(encodeURIComponent).join('/') }, region: { startLine: f.line, startColumn: f.column, endLine: f.line, endColumn: f.endColumn } } }],
          properties: { confidence: f.confidence, stored: f.stored.length > 0, ...(f.ignored ? { ignoredByGit: true } : {}), ...(f.commit ? { commit: f.commit } : {}) },
        })),
      },
    ],
  };
}
