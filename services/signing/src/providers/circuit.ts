// A circuit breaker per gateway (by base URL and name, shared by every provider
// object of this process): after `failures` calls in a row that found the gateway
// unreachable or failing, calls fail at once for `openMs` without sending
// anything (no passphrase leaves, no signer waits a minute for a timeout),
// then one trial call is let through. Its state is the provider's health for
// the console.
import { SigningError } from '../errors.js';

export interface CircuitOptions {
  /** Consecutive failures that open the circuit; default 5. */
  failures?: number;
  /** How long it stays open before one trial call; default 30 s. */
  openMs?: number;
  /** Milliseconds now; default Date.now (a test moves time without waiting). */
  clock?: () => number;
}

export interface GatewayHealth {
  url: string;
  name: string;
  /** closed: calls go through; open: refused without sending; half-open: the next call is a trial. */
  state: 'closed' | 'open' | 'half-open';
  consecutiveFailures: number;
  lastFailure: { at: string; code: string } | null;
  lastSuccessAt: string | null;
  /** While open: when the next trial call is allowed. */
  retryAt: string | null;
}

interface Circuit {
  url: string;
  name: string;
  failures: number;
  openUntil: number;
  lastFailure: { at: number; code: string } | null;
  lastSuccessAt: number | null;
}

const circuits = new Map<string, Circuit>();

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function circuitFor(url: string, name: string, options: CircuitOptions = {}) {
  const threshold = options.failures ?? 5;
  const openMs = options.openMs ?? 30_000;
  const now = options.clock ?? Date.now;
  const key = `${url} ${name}`;
  let c = circuits.get(key);
  if (!c) {
    c = { url, name, failures: 0, openUntil: 0, lastFailure: null, lastSuccessAt: null };
    circuits.set(key, c);
  }
  const circuit = c;
  return {
    /** Throws GATEWAY_UNAVAILABLE while open; nothing is sent. */
    admit(): void {
      if (circuit.failures < threshold) return;
      const wait = circuit.openUntil - now();
      if (wait > 0) {
        throw new SigningError('GATEWAY_UNAVAILABLE', `The gateway failed ${circuit.failures} times in a row (last: ${circuit.lastFailure?.code ?? 'unknown'}); nothing was sent. Next attempt in ${Math.ceil(wait / 1000)} s.`);
      }
      // Half-open: this call is the trial; a failure opens the circuit again at once.
      circuit.openUntil = now() + openMs;
    },
    succeeded(): void {
      circuit.failures = 0;
      circuit.openUntil = 0;
      circuit.lastSuccessAt = now();
    },
    failed(code: string): void {
      circuit.failures++;
      circuit.lastFailure = { at: now(), code };
      if (circuit.failures >= threshold) circuit.openUntil = now() + openMs;
    },
  };
}

/** Every gateway this process has called, as the admin's dashboard shows it. */
export function gatewayHealth(now = Date.now()): GatewayHealth[] {
  return [...circuits.values()].map((c) => {
    const open = c.openUntil > now;
    return {
      url: c.url, name: c.name,
      state: c.openUntil === 0 ? 'closed' : open ? 'open' : 'half-open',
      consecutiveFailures: c.failures,
      lastFailure: c.lastFailure ? { at: iso(c.lastFailure.at)!, code: c.lastFailure.code } : null,
      lastSuccessAt: iso(c.lastSuccessAt),
      retryAt: open ? iso(c.openUntil) : null,
    };
  });
}
