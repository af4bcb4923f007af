/**
 * Prometheus metrics of one server (prom-client, a registry per server so
 * several servers in one process do not mix): requests and latency by
 * method and transport, errors by method and code, open connections,
 * subscriptions and pushes, per-table segment and memtable counts from the
 * storage statistics, and the plan cache's counters from db.planStats();
 * plus Node's default process metrics (event-loop lag, heap, GC).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../engine/database.js';

export class ServerMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'method' | 'transport'>;
  readonly errors: Counter<'method' | 'code'>;
  readonly latency: Histogram<'method'>;
  readonly connections: Gauge<'transport'>;
  /** GraphQL operations (the GraphQL port) by kind (query, mutation, subscription, `(invalid)`) and transport. */
  readonly graphqlRequests: Counter<'operation' | 'transport'>;
  readonly graphqlErrors: Counter<'operation' | 'code'>;
  readonly graphqlLatency: Histogram<'operation'>;

  constructor(db: Database, subscriptions: () => { live: number; pushes: number }) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'pyralog_' });
    this.requests = new Counter({ name: 'pyralog_rpc_requests_total', help: 'JSON-RPC calls by method and transport', labelNames: ['method', 'transport'], registers });
    this.errors = new Counter({ name: 'pyralog_rpc_errors_total', help: 'JSON-RPC error responses by method and error code', labelNames: ['method', 'code'], registers });
    this.latency = new Histogram({
      name: 'pyralog_rpc_duration_seconds',
      help: 'JSON-RPC call latency by method',
      labelNames: ['method'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers,
    });
    this.connections = new Gauge({ name: 'pyralog_open_connections', help: 'open client connections by transport', labelNames: ['transport'], registers });
    this.graphqlRequests = new Counter({ name: 'pyralog_graphql_requests_total', help: 'GraphQL operations by kind and transport', labelNames: ['operation', 'transport'], registers });
    this.graphqlErrors = new Counter({ name: 'pyralog_graphql_errors_total', help: 'GraphQL errors by operation kind and error code', labelNames: ['operation', 'code'], registers });
    this.graphqlLatency = new Histogram({
      name: 'pyralog_graphql_duration_seconds',
      help: 'GraphQL query and mutation latency (compile and execute) by kind',
      labelNames: ['operation'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers,
    });
    new Gauge({
      name: 'pyralog_subscriptions',
      help: 'live subscriptions',
      registers,
      collect() {
        this.set(subscriptions().live);
      },
    });
    new Gauge({
      name: 'pyralog_subscription_pushes',
      help: 'subscription results pushed since start',
      registers,
      collect() {
        this.set(subscriptions().pushes);
      },
    });
    const tableGauge = (name: string, help: string, pick: (s: { segmentCount: number; memtableRows: number; rowCount: number }) => number): void => {
      new Gauge({
        name,
        help,
        labelNames: ['table'],
        registers,
        collect() {
          this.reset();
          if (db.isClosed) return;
          const snapshot = db.snapshot();
          try {
            for (const t of snapshot.tables()) this.set({ table: t.name }, pick(snapshot.stats(t.name)));
          } finally {
            snapshot.close();
          }
        },
      });
    };
    tableGauge('pyralog_table_segments', 'LSM segments per table (all levels)', (s) => s.segmentCount);
    tableGauge('pyralog_table_memtable_rows', 'rows in the write buffer (memtable) per table', (s) => s.memtableRows);
    tableGauge('pyralog_table_rows', 'live rows per table', (s) => s.rowCount);
    new Gauge({
      name: 'pyralog_plan_cache',
      help: 'plan cache counters from db.planStats(): compiles, physical plans, stale hits, cached plans',
      labelNames: ['counter'],
      registers,
      collect() {
        if (db.isClosed) return;
        const s = db.planStats();
        this.set({ counter: 'compiles' }, s.compiles);
        this.set({ counter: 'physical_plans' }, s.physicalPlans);
        this.set({ counter: 'stale' }, s.stale);
        this.set({ counter: 'cached' }, s.cached);
      },
    });
  }
}
