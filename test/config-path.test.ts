import { describe, expect, it } from 'vitest';
import { resolveConfigPath, stateDirOf } from '../src/core/config-path.js';

const env = { HOME: '/home/u' };

describe('resolveConfigPath', () => {
  it('follows --config, --profile, OPENCLAW_CONFIG_PATH, OPENCLAW_STATE_DIR, then home', () => {
    const all = { ...env, OPENCLAW_CONFIG_PATH: '/c/openclaw.json', OPENCLAW_STATE_DIR: '/state' };
    expect(resolveConfigPath({ config: '/x.json', profile: 'work' }, all)).toBe('/x.json');
    expect(resolveConfigPath({ profile: 'work' }, env)).toBe('/home/u/.openclaw-work/openclaw.json');
    expect(resolveConfigPath({}, all)).toBe('/c/openclaw.json');
    expect(resolveConfigPath({}, { ...env, OPENCLAW_STATE_DIR: '/state' })).toBe('/state/openclaw.json');
    expect(resolveConfigPath({}, env)).toBe('/home/u/.openclaw/openclaw.json');
  });

  // Each row checked against `openclaw --profile NAME config file` (2026.9.6, HOME=/home/u); the
  // conformance suite asks the real OpenClaw about the first rows again.
  it.each([
    ['work', { OPENCLAW_CONFIG_PATH: '/c/openclaw.json', OPENCLAW_STATE_DIR: '/state' }, '/c/openclaw.json'],
    ['work', { OPENCLAW_CONFIG_PATH: '/c/openclaw.json' }, '/c/openclaw.json'],
    ['work', { OPENCLAW_STATE_DIR: '/state' }, '/state/openclaw.json'],
    ['work', { OPENCLAW_CONFIG_PATH: '/home/u/.openclaw/openclaw.json' }, '/home/u/.openclaw-work/openclaw.json'],
    ['work', { OPENCLAW_CONFIG_PATH: '~/.openclaw/openclaw.json' }, '/home/u/.openclaw-work/openclaw.json'],
    ['work', { OPENCLAW_STATE_DIR: '/home/u/.openclaw' }, '/home/u/.openclaw-work/openclaw.json'],
    ['work', { OPENCLAW_STATE_DIR: '/home/u/.openclaw', OPENCLAW_CONFIG_PATH: '/home/u/.openclaw/openclaw.json' }, '/home/u/.openclaw-work/openclaw.json'],
    ['work', { OPENCLAW_PROFILE: 'work', OPENCLAW_CONFIG_PATH: '/home/u/.openclaw-work/openclaw.json' }, '/home/u/.openclaw-work/openclaw.json'],
    ['default', { OPENCLAW_PROFILE: 'work' }, '/home/u/.openclaw/openclaw.json'],
  ])('--profile %s with %j picks what openclaw picks', (profile, vars, expected) => {
    expect(resolveConfigPath({ profile }, { ...env, ...vars })).toBe(expected);
  });

  it('refuses a key-shaped --profile, which would put the key in a folder name', () => {
    expect(() => resolveConfigPath({ profile: 'sk-v1-0123abcd' }, env)).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/looks like an API key/) }));
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

describe('stateDirOf (whose OpenClaw health store a shrinking write is recorded in)', () => {
  const env = { HOME: '/root' };
  it('is ours for our own config', () => {
    expect(stateDirOf('/root/.openclaw/openclaw.json', {}, env, 0, 0)).toBe('/root/.openclaw');
    expect(stateDirOf('/home/u/.openclaw/openclaw.json', {}, { HOME: '/home/u' }, 1234, 1234)).toBe('/home/u/.openclaw');
  });
  it("is the config's own .openclaw folder when root runs on another user's config: root's HOME says nothing of theirs", () => {
    expect(stateDirOf('/home/u/.openclaw/openclaw.json', { config: '/home/u/.openclaw/openclaw.json' }, env, 0, 1234)).toBe('/home/u/.openclaw');
  });
  it("cannot tell for another user's config elsewhere, unless OPENCLAW_STATE_DIR says", () => {
    expect(stateDirOf('/srv/u/openclaw.json', {}, env, 0, 1234)).toBeUndefined();
    expect(stateDirOf('/srv/u/openclaw.json', {}, { ...env, OPENCLAW_STATE_DIR: '/srv/u/state' }, 0, 1234)).toBe('/srv/u/state');
  });
});
