// Prometheus metrics, served at GET /metrics: request counts and latency by service, operation and
// status, the time spent in each pipeline stage, and the process defaults of prom-client.
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export const STAGES = [
  'edge',
  'route',
  'authenticate',
  'decode',
  'validate',
  'authorize',
  'invoke',
  'encode',
] as const;
export type Stage = (typeof STAGES)[number];

export class Metrics {
  readonly registry = new Registry();
  readonly requests: Counter<'service' | 'operation' | 'status'>;
  readonly latency: Histogram<'service' | 'operation'>;
  /** Seconds spent per stage and how often it ran, summed in plain arrays (per-request cost: two adds). */
  readonly #stageSeconds = new Float64Array(STAGES.length);
  readonly #stageCount = new Float64Array(STAGES.length);

  constructor(opts: { defaults?: boolean } = {}) {
    if (opts.defaults !== false) collectDefaultMetrics({ register: this.registry, prefix: 'latchkey_' });
    this.requests = new Counter({
      name: 'latchkey_requests_total',
      help: 'AWS API requests answered, by service, operation and HTTP status.',
      labelNames: ['service', 'operation', 'status'],
      registers: [this.registry],
    });
    this.latency = new Histogram({
      name: 'latchkey_request_duration_seconds',
      help: 'Time from the request arriving to the response being written.',
      labelNames: ['service', 'operation'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers: [this.registry],
    });
    const seconds = this.#stageSeconds;
    const count = this.#stageCount;
    new Counter({
      name: 'latchkey_pipeline_stage_seconds_total',
      help: 'Time spent in each stage of the request pipeline (divide by the _count series for the mean).',
      labelNames: ['stage'],
      registers: [this.registry],
      collect() {
        this.reset();
        STAGES.forEach((stage, i) => this.inc({ stage }, seconds[i]!));
      },
    });
    new Counter({
      name: 'latchkey_pipeline_stage_runs_total',
      help: 'How many times each pipeline stage ran.',
      labelNames: ['stage'],
      registers: [this.registry],
      collect() {
        this.reset();
        STAGES.forEach((stage, i) => this.inc({ stage }, count[i]!));
      },
    });
  }

  readonly #children = new Map<string, { count: { inc(): void }; latency: { observe(v: number): void } }>();

  /** Counts one answered request (label children cached: prom-client hashes labels on every call otherwise). */
  request(service: string, operation: string, status: number, seconds: number): void {
    const key = `${service}\u0000${operation}\u0000${status}`;
    let c = this.#children.get(key);
    if (!c) {
      c = {
        count: this.requests.labels({ service, operation, status }),
        latency: this.latency.labels({ service, operation }),
      };
      this.#children.set(key, c);
    }
    c.count.inc();
    c.latency.observe(seconds);
  }

  /** Adds one stage's duration, in milliseconds. */
  stage(index: number, ms: number): void {
    this.#stageSeconds[index]! += ms / 1000;
    this.#stageCount[index]! += 1;
  }
}
