// What the dry run's diff and a quoted server reply show of a secret (issue 22.2, 22.6): judged by
// what a value means (the parsed path it sits at, its value), never by how its line looks. The values
// here are the human-chosen kind (`Summer2026!`): nothing about their look gives them away.
import { describe, expect, it } from 'vitest';
import { maskQuotedReply, redactPrinted } from '../src/core/mask-secrets.js';
import { configDiff } from '../src/json5/diff.js';
import { parseJson5 } from '../src/json5/json5-cst.js';

/** The diff of a new config holding `provider` as the fastrouter block: every line of it is shown. */
function shown(provider: string): Promise<string> {
  const text = `{\n  gateway: { mode: "local" },\n  models: {\n    providers: {\n      fastrouter: {\n        baseUrl: "https://api.fastrouter.ai/api/v1",\n        api: "openai-completions",\n        ${provider}\n        models: [{ id: "fastrouter/qwen/qwen3-coder", name: "Qwen3 Coder", contextWindow: 262144 }],\n      },\n    },\n  },\n}\n`;
  return configDiff('/x/openclaw.json', undefined, text);
}

/** Each shape, the secrets it must hide. */
const SHAPES: Array<[string, string, string[]]> = [
  ['any header value', `headers: { "Ocp-Apim-Subscription-Key": "Summer2026!", "X-Signature": "CorrectHorseBatteryStaple", "X-Gw": "Pa55word" },`, ['Summer2026!', 'CorrectHorse', 'Pa55word']],
  ['a headers array of "Name: value" strings', `headers: ["Authorization: Bearer TeamToken2026", "X-Gw: Pa55word"],`, ['TeamToken2026', 'Pa55word']],
  ['apiKey2, also spelled with an escape', `apiKey2: "CorrectHorseBatteryStaple", other: { "apiK\\u0065y2": "Summer2026!" },`, ['CorrectHorse', 'Summer2026!']],
  ['tokens, jwt, pin, Authorisation', `tokens: ["my-team-token-2026"], jwt: "Summer2026!", pin: "4821", Authorisation: "Basic Pa55word",`, ['my-team-token-2026', 'Summer2026!', '4821', 'Pa55word']],
  ['a string below a secret-like name', `secrets: { db: "Summer2026!" }, credentials: { value: "CorrectHorse", list: ["Pa55word"] },`, ['Summer2026!', 'CorrectHorse', 'Pa55word']],
  ['numbers at a secret-like path', `password: 12345678, pwd: 0x1F2E, auth: { pin: 4821 },`, ['12345678', '0x1F2E', '4821']],
  [
    'secret parameters in URLs',
    `q1: "https://gw.example.com/v1?api_key=Summer2026&x=1", q2: "https://gw.example.com/v1?key=Pa55word", q3: "https://acct.blob.core.windows.net/c?sv=2022&sig=SasSig2026", q4: "https://fn.azurewebsites.net/api/x?code=AzFnCode1", q5: "https://gw.example.com/v1#access_token=FragTok2026", q6: "https://gw.example.com/v1?token=Tok2026&auth=Auth2026&password=Pw2026&secret=Sec2026&signature=Sig2026",`,
    ['Summer2026', 'Pa55word', 'SasSig2026', 'AzFnCode1', 'FragTok2026', 'Tok2026', 'Auth2026', 'Pw2026', 'Sec2026', 'Sig2026'],
  ],
  ['user info in a scheme-less URL', `mirror: "//user:Summer2026@host.example/x",`, ['Summer2026']],
];

describe('the diff masks secrets by meaning', () => {
  it.each(SHAPES)('%s', async (_, provider, secrets) => {
    const diff = await shown(provider);
    for (const secret of secrets) expect(diff, secret).not.toContain(secret);
    // The block stays readable: what is not a secret is shown whole.
    expect(diff).toContain('"fastrouter/qwen/qwen3-coder"');
    expect(diff).toContain('baseUrl: "https://api.fastrouter.ai/api/v1"');
    expect(diff).toContain('api: "openai-completions"');
    expect(diff).toContain('name: "Qwen3 Coder", contextWindow: 262144');
  });

  it('keeps what is not a secret readable: header names, descriptive headers, a URL without secrets, references, limits', async () => {
    const diff = await shown(
      `headers: { "HTTP-Referer": "https://openclaw.ai", "X-Title": "OpenClaw", "X-Gw": "\${GW_TOKEN}" }, proxy: "https://gw.example.com/v1?region=eu&x=1", maxTokens: 8192, apiKey: { source: "env", provider: "default", id: "FASTROUTER_API_KEY" },`,
    );
    expect(diff).toContain('headers: { "HTTP-Referer": "https://openclaw.ai", "X-Title": "OpenClaw", "X-Gw": "${GW_TOKEN}" }');
    expect(diff).toContain('"https://gw.example.com/v1?region=eu&x=1", maxTokens: 8192');
    expect(diff).toContain('source: "env"');
  });

  it('shows nothing of a human-chosen secret, and leaves a comment between a name and its value a comment', async () => {
    const diff = await shown(`apiKey2: "CorrectHorseBatteryStaple", password:\n          // the db one\n          "Summer2026!-long-enough",`);
    expect(diff).toContain('apiKey2: "…"');
    expect(diff).toContain('// the db one');
    expect(diff).not.toMatch(/aple|ough/);
  });

  it('keeps the masked text a config the folds can parse', async () => {
    const diff = await configDiff('/x/openclaw.json', undefined, '{ password: 12345678, models: { providers: {} } }\n', (text) => {
      parseJson5(text);
      return text;
    });
    expect(diff).toContain('password: "…"');
  });
});

describe('a quoted server reply', () => {
  const sent = ['sk-v1-fedcba9876543210fedcba9876543210', 'Summer2026!', 'CorrectHorse'];

  it('loses every header value we sent, and the key, wherever it echoes them', () => {
    const reply = 'denied; you sent: authorization=Bearer sk-v1-fedcba9876543210fedcba9876543210; ocp-apim-subscription-key=Summer2026!; x-gw=CorrectHorse; accept=application/json';
    const masked = maskQuotedReply(reply, sent);
    for (const secret of sent) expect(masked).not.toContain(secret);
    expect(masked).toContain('accept=application/json');
    expect(masked).toContain('denied; you sent:');
  });

  it('passes through the same masker as the diff: secret-like names, URLs', () => {
    const masked = maskQuotedReply('bad request to https://u:Hunter2@gw.example/v1?api_key=Pa55word (password: Summer2027)', []);
    expect(masked).not.toMatch(/Hunter2|Pa55word|Summer2027/);
    expect(masked).toContain('gw.example/v1');
  });

  it('does not mask short header values inside ordinary words, nor the prose after an auth scheme', () => {
    expect(maskQuotedReply('Invalid Credentials', ['1', 'yes'])).toBe('Invalid Credentials');
    expect(maskQuotedReply('Bearer token required', [])).toBe('Bearer token required');
    expect(maskQuotedReply('got Bearer Pa55word and Basic CorrectHorseBattery', [])).toBe('got Bearer … and Basic …');
  });
});

describe('everything printed', () => {
  it('loses a URL\u2019s user info and secret parameters, and stays valid JSON where a URL ends a JSON string', () => {
    const json = JSON.stringify({ baseUrl: 'https://bob:Summer2026@gw.example/v1?api_key=Pa55word', diff: '- q: "https://gw.example/v1?key=Pa55word"\n' });
    const printed = redactPrinted(json);
    expect(printed).not.toMatch(/Summer2026|Pa55word/);
    expect(JSON.parse(printed)).toEqual({ baseUrl: 'https://…@gw.example/v1?api_key=…', diff: '- q: "https://gw.example/v1?key=…"\n' });
    expect(redactPrinted(printed)).toBe(printed);
  });
});
