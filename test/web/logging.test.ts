import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/web/logger.js';
import { testApp } from '../helpers/app.js';

describe('request logs', () => {
  it('record each request as JSON without cookies or bearer tokens', async () => {
    const t = await testApp();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    try {
      const { app } = createApp({ store: t.store, config: t.config, sessionSecret: 'test-session-secret-0123456789', logger: createLogger('info', sink) });
      await request(app).get('/api/v1/scale').set('Authorization', 'Bearer cb_very_secret_token').set('Cookie', 'claimbench.sid=s%3Asecret-session');
      await request(app).get('/login');
      const log = lines.join('');
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expect(JSON.parse(lines[0]!).req.url).toBe('/api/v1/scale');
      expect(log).not.toContain('cb_very_secret_token');
      expect(log).not.toContain('secret-session');
      expect(log).toContain('[Redacted]');
    } finally {
      await t.close();
    }
  });
});
