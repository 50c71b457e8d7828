import { describe, expect, it } from 'vitest';
import { resolveEndpoint } from '../src/core/endpoint.js';

describe('resolveEndpoint', () => {
  it.each([['https://api.fastrouter.ai'], ['https://api.fastrouter.ai/'], ['https://api.fastrouter.ai/v1'], ['https://api.fastrouter.ai/api/v1'], ['https://api.fastrouter.ai/api/v1/']])(
    'normalizes %s',
    (input) => {
      expect(resolveEndpoint(input)).toEqual({
        catalogUrl: 'https://api.fastrouter.ai/v1/models',
        apiBaseUrl: 'https://api.fastrouter.ai/api/v1',
      });
    },
  );

  it('defaults to FastRouter', () => {
    expect(resolveEndpoint().apiBaseUrl).toBe('https://api.fastrouter.ai/api/v1');
    expect(resolveEndpoint('http://127.0.0.1:8080/v1/').catalogUrl).toBe('http://127.0.0.1:8080/v1/models');
  });

  // /api used to become .../api/api/v1, and the first chat 404ed.
  it.each(['https://h/api', 'https://h/api/', 'https://h/v1/models', 'https://h/proxy/api/v1', 'https://h//', 'https://h/api/v1/chat/completions', 'https://h/V1x'])(
    'refuses %s, which is not the API root, with exit 2',
    (input) => {
      expect(() => resolveEndpoint(input)).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/not FastRouter's API root/) }));
    },
  );

  it.each(['ftp://x', 'file:///etc/passwd', 'not a url', 'https://user:pw@host', 'https://h/?q=1'])('refuses %s with exit 2', (input) => {
    expect(() => resolveEndpoint(input)).toThrow(expect.objectContaining({ exitCode: 2 }));
  });

  it('refuses plain http to a non-loopback host unless allowed', () => {
    expect(() => resolveEndpoint('http://fastrouter.example')).toThrow(/--allow-insecure-http/);
    expect(resolveEndpoint('http://fastrouter.example', true).apiBaseUrl).toBe('http://fastrouter.example/api/v1');
    for (const host of ['http://localhost:1', 'http://127.0.0.2:1', 'http://[::1]:1']) expect(() => resolveEndpoint(host)).not.toThrow();
  });
});
