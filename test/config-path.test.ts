import { describe, expect, it } from 'vitest';
import { resolveConfigPath } from '../src/core/config-path.js';

const env = { HOME: '/home/u' };

describe('resolveConfigPath', () => {
  it('follows --config, --profile, OPENCLAW_CONFIG_PATH, OPENCLAW_STATE_DIR, then home', () => {
    const all = { ...env, OPENCLAW_CONFIG_PATH: '/c/openclaw.json', OPENCLAW_STATE_DIR: '/state' };
    expect(resolveConfigPath({ config: '/x.json', profile: 'work' }, all)).toBe('/x.json');
    expect(resolveConfigPath({ profile: 'work' }, all)).toBe('/home/u/.openclaw-work/openclaw.json');
    expect(resolveConfigPath({}, all)).toBe('/c/openclaw.json');
    expect(resolveConfigPath({}, { ...env, OPENCLAW_STATE_DIR: '/state' })).toBe('/state/openclaw.json');
    expect(resolveConfigPath({}, env)).toBe('/home/u/.openclaw/openclaw.json');
  });

  it('prefers OPENCLAW_HOME over HOME and expands ~', () => {
    expect(resolveConfigPath({}, { ...env, OPENCLAW_HOME: '/oc' })).toBe('/oc/.openclaw/openclaw.json');
    expect(resolveConfigPath({ config: '~/my.json' }, env)).toBe('/home/u/my.json');
  });

  it('ignores empty variables and refuses odd profile names', () => {
    expect(resolveConfigPath({}, { ...env, OPENCLAW_CONFIG_PATH: '', OPENCLAW_STATE_DIR: ' ' })).toBe('/home/u/.openclaw/openclaw.json');
    expect(() => resolveConfigPath({ profile: '../etc' }, env)).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});
