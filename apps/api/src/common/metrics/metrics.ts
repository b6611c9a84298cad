import { Global, Injectable, Module } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The Prometheus registry of this process and the metrics modules record into (served by
 * `GET /metrics`, docs/operations.md "Metrics and alerts"). Labels stay bounded: route patterns,
 * job names, gateway/kind/outcome and statuses, never a router, provider or payment id.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'wavu_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'wavu_http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  /** Each handled payment callback by its outcome (processed, duplicate, ignored, rejected, flagged, failed). */
  readonly webhooks = new Counter({
    name: 'wavu_webhooks_total',
    help: 'Payment gateway callbacks handled, by gateway, kind and outcome',
    labelNames: ['gateway', 'kind', 'outcome'] as const,
    registers: [this.registry],
  });

  /** The Daraja API call itself (token fetch included): what the buyer waits for before the PIN prompt. */
  readonly darajaRequests = new Histogram({
    name: 'wavu_daraja_request_duration_seconds',
    help: 'Daraja API request duration by operation (stk_push, stk_query) and result (ok, rejected, error)',
    labelNames: ['operation', 'result'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30],
    registers: [this.registry],
  });

  /** From the STK push being sent to its paid callback being processed (the buyer typing the PIN, mostly). */
  readonly stkPushToCallback = new Histogram({
    name: 'wavu_stk_push_to_callback_seconds',
    help: 'Time from an STK push to its callback being processed, by outcome',
    labelNames: ['outcome'] as const,
    buckets: [2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 300],
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'wavu_job_run_duration_seconds',
    help: 'Job run duration by job and status (succeeded, failed)',
    labelNames: ['job', 'status'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [this.registry],
  });

  readonly jobRuns = new Counter({
    name: 'wavu_job_runs_total',
    help: 'Job runs by job and status (succeeded, failed)',
    labelNames: ['job', 'status'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'wavu_' });
  }
}

/** Global so any module records into the one registry without importing the health module. */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
