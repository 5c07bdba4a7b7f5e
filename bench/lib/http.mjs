// Minimal load generation over loopback with keep-alive agents: bounded by count and by time.
import http from 'node:http';
import net from 'node:net';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export function request(agent, port, method, path, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

/**
 * Runs `clients` concurrent loops of `next(i)` (which returns request options or null when out of work)
 * for at most `ms` milliseconds and `max` requests. Returns latencies, errors and requests per second.
 */
export async function load({ port, clients = 20, ms = 5000, max = Infinity, next }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const latencies = [];
  const failures = new Map();
  let issued = 0;
  const started = performance.now();
  const deadline = started + ms;
  const loop = async () => {
    while (performance.now() < deadline && issued < max) {
      const spec = next(issued++);
      if (!spec) return;
      const t = performance.now();
      try {
        const res = await request(agent, port, spec.method ?? 'GET', spec.path, spec);
        if (res.status >= 400) failures.set(`${res.status} ${res.body.slice(0, 120)}`, (failures.get(`${res.status} ${res.body.slice(0, 120)}`) ?? 0) + 1);
        else latencies.push(performance.now() - t);
      } catch (err) {
        failures.set(String(err.message), (failures.get(String(err.message)) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return summarise(latencies, elapsed, failures);
}

export function summarise(latencies, elapsedSeconds, failures = new Map()) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);
  return { count: sorted.length, rps: sorted.length / elapsedSeconds, p50: pct(50), p95: pct(95), p99: pct(99), failures: Object.fromEntries(failures) };
}
