/** Prometheus metrics, one registry per app instance (tests run several instances in one process). */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  duration: Histogram<'method' | 'route'>;
  websockets: Gauge;
  itemsWritten: Counter;
  auditAppended: Counter;
}

export function createMetrics(options: { processMetrics: boolean }): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({ name: 'keyhaven_http_requests_total', help: 'HTTP requests by route pattern and status', labelNames: ['method', 'route', 'status'], registers: [registry] }),
    duration: new Histogram({
      name: 'keyhaven_http_request_duration_seconds',
      help: 'HTTP request duration by route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    websockets: new Gauge({ name: 'keyhaven_websockets_open', help: 'Open realtime connections', registers: [registry] }),
    itemsWritten: new Counter({ name: 'keyhaven_items_written_total', help: 'Item writes and deletes accepted', registers: [registry] }),
    auditAppended: new Counter({ name: 'keyhaven_audit_entries_total', help: 'Audit entries appended', registers: [registry] }),
  };
}
