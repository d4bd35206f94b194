// The part of autocannon's result the bench reads (the package ships no types).
declare module 'autocannon' {
  interface Histogram { average: number; p50: number; p90: number; p99: number; max: number }
  export interface Result { latency: Histogram; requests: Histogram; non2xx: number; errors: number; timeouts: number }
  export default function autocannon(options: { url: string; connections?: number; duration?: number; headers?: Record<string, string> }): Promise<Result>;
}
