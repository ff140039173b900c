/**
 * Adds one plain closing line, `Tests: N passed, N failed, N skipped`, after Vitest's own summary, so
 * that CI (which reads that line) knows how many tests ran.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const count = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed' || state === 'failed' || state === 'skipped') count[state]++;
      }
      // A file that failed to load has no tests to count but must still count as a failure.
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) count.failed++;
    }
    console.log(`\nTests: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`);
  }
}
