import { describe, expect, it } from 'vitest';
import { keyStatus } from '../src/core/key-status.js';
import { isKeyReference } from '../src/core/merge.js';

describe('status reads the key form as a refresh does', () => {
  const config = { auth: { profiles: { work: { provider: 'fastrouter' } } } };

  it('an id the config lists under auth.profiles is a profile, not a plain key', () => {
    expect(keyStatus('work', {}, config)).toMatchObject({ form: 'auth-profile', shown: 'work' });
  });

  it.each(['sk-v1-0123456789abcdef', '${FASTROUTER_API_KEY}', '$FASTROUTER_API_KEY', '$_FR', 'fastrouter:manual', 'work'])(
    '%s: status calls it plain exactly when a refresh would replace it',
    (value) => {
      expect(keyStatus(value, {}, config).form === 'plain').toBe(!isKeyReference(value, config));
    },
  );
});
