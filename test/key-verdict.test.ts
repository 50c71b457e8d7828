import { describe, expect, it } from 'vitest';
import { judgeGenerationAnswer, judgeProbeAnswer, probeModel, refusalMessage } from '../src/core/key-verdict.js';

const body = (message: string) => JSON.stringify({ error: { message, type: 'x', code: 1, status: 1 } });

describe('judgeGenerationAnswer', () => {
  it('401 and 403 refuse the key with what FastRouter said; 404 with its error body accepts it', () => {
    expect(judgeGenerationAnswer(401, body('Invalid Credentials'))).toEqual({ status: 'refused', httpStatus: 401, said: 'Invalid Credentials' });
    expect(judgeGenerationAnswer(403, 'nope')).toEqual({ status: 'refused', httpStatus: 403, said: '' });
    expect(judgeGenerationAnswer(404, body('Generation not found'))).toEqual({ status: 'verified', detail: 'FastRouter accepted it' });
  });

  it('anything else is inconclusive, with the reason', () => {
    expect(judgeGenerationAnswer(404, 'Not Found')).toMatchObject({ status: 'not-verified' });
    expect(judgeGenerationAnswer(503, body('busy'))).toEqual({ status: 'not-verified', reason: 'FastRouter answered HTTP 503 "busy"' });
    expect(judgeGenerationAnswer(200, '{}')).toEqual({ status: 'not-verified', reason: 'FastRouter answered HTTP 200' });
  });

  it('never repeats a key FastRouter echoed, and keeps its words to one short line', () => {
    const said = (judgeGenerationAnswer(401, body(`bad key sk-v1-${'ab'.repeat(20)}\n${'x'.repeat(500)}`)) as { said: string }).said;
    expect(said).toMatch(/^bad key sk-v1-…abab x+…$/);
    expect(said.length).toBeLessThanOrEqual(160);
  });
});

describe('judgeProbeAnswer', () => {
  it('tells 401, 402 and 403 apart', () => {
    expect(judgeProbeAnswer(401, body('Invalid Credentials'), 'm:free')).toMatchObject({ status: 'refused', httpStatus: 401 });
    expect(judgeProbeAnswer(402, body('Insufficient credits'), 'm:free')).toMatchObject({ status: 'verified', warning: expect.stringMatching(/no credits/) });
    expect(judgeProbeAnswer(403, body('no'), 'm:free')).toMatchObject({ status: 'verified', warning: expect.stringMatching(/does not let it use m:free/) });
    expect(judgeProbeAnswer(200, '{}', 'm:free')).toMatchObject({ status: 'verified' });
    expect(judgeProbeAnswer(500, '', 'm:free')).toMatchObject({ status: 'not-verified' });
  });

  it('picks a :free model, else one that costs nothing', () => {
    const m = (id: string, input: number) => ({ id, cost: { input, output: input } });
    expect(probeModel([m('a', 1), m('b:free', 0)])).toBe('b:free');
    expect(probeModel([m('a', 1), m('c', 0)])).toBe('c');
    expect(probeModel([m('a', 1)])).toBeUndefined();
  });
});

describe('refusalMessage', () => {
  it('names what FastRouter said and the masked key, never the key', () => {
    const key = `sk-fr-${'12'.repeat(16)}`;
    const message = refusalMessage({ status: 'refused', httpStatus: 401, said: 'Invalid Credentials' }, key);
    expect(message).toBe(
      `FastRouter refused the key sk-fr-…1212 (HTTP 401: "Invalid Credentials"), so nothing was written; check that you copied the whole key, or create a new one in FastRouter's dashboard.`,
    );
  });
});
