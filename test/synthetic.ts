// Deterministic synthetic data: catalogs of any size and real-world-shaped configs of any size.

const VENDORS = ['anthropic', 'openai', 'google', 'deepseek', 'meta-llama', 'mistralai', 'qwen', 'x-ai', 'cohere', 'moonshotai'];

/** A catalog like FastRouter's: mostly chat models, some image/audio/video/embedding ones. */
export function syntheticCatalog(count: number): { object: 'list'; data: unknown[] } {
  const data: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const vendor = VENDORS[i % VENDORS.length]!;
    const kind = i % 20;
    const output = kind === 17 ? ['image'] : kind === 18 ? ['embeddings'] : kind === 19 ? ['audio'] : ['text'];
    const input = kind % 3 === 0 ? ['text', 'image'] : ['text'];
    data.push({
      id: `${vendor}/model-${i}${i % 7 === 0 ? ':free' : ''}`,
      name: `${vendor} Model ${i} `,
      object: 'model',
      created: 1760000000 + i,
      owned_by: vendor,
      description: `Synthetic model number ${i}, for tests and benchmarks. `.repeat(3),
      context_length: 8192 * (1 + (i % 16)),
      architecture: { modality: `${input.join('+')}->${output.join('+')}`, input_modalities: input, output_modalities: output, tokenizer: 'Other' },
      pricing: { prompt: '0.000001', completion: '0.000002', input_cache_read: '', input_cache_write: null },
      top_provider: { context_length: 8192 * (1 + (i % 16)), max_completion_tokens: i % 5 === 0 ? null : 4096, is_moderated: false },
      supported_parameters: ['tools', 'tool_choice', 'temperature', 'max_tokens'],
      is_active: i % 50 !== 49,
    });
  }
  return { object: 'list', data };
}

/**
 * An openclaw.json as people have them: meta, gateway, channels with ${VAR} tokens, agents, a
 * SecretRef provider, and enough other providers to reach `targetBytes`.
 */
export function realWorldConfig(targetBytes: number): Record<string, any> {
  const config: Record<string, any> = {
    meta: { lastTouchedVersion: '2026.9.6', lastTouchedAt: undefined },
    wizard: { lastRunAt: '2026-10-01T09:00:00.000Z', lastRunVersion: '2026.9.6', lastRunCommand: 'onboard', lastRunMode: 'local' },
    gateway: { mode: 'local', port: 18789, bind: 'loopback', auth: { mode: 'token', token: '${OPENCLAW_GATEWAY_TOKEN}' } },
    channels: {
      telegram: { enabled: true, botToken: '${TELEGRAM_BOT_TOKEN}', dmPolicy: 'pairing', groups: { '*': { requireMention: true } } },
      discord: { enabled: true, token: '${DISCORD_BOT_TOKEN}', guilds: { '123456789': { channels: { general: { allow: true } } } } },
    },
    agents: {
      defaults: {
        workspace: '~/.openclaw/workspace',
        model: { primary: 'anthropic/claude-sonnet-4-6', fallbacks: ['openai/gpt-5.1'] },
        models: { 'anthropic/claude-sonnet-4-6': { alias: 'sonnet' }, 'openai/gpt-5.1': { alias: 'gpt', params: { temperature: 0.2 } } },
        heartbeat: { every: '30m' },
      },
      list: [{ id: 'main', default: true }, { id: 'work', workspace: '~/.openclaw/workspace-work' }],
    },
    models: {
      mode: 'merge',
      providers: {
        vault: { baseUrl: 'https://llm.vault.example/v1', api: 'openai-completions', apiKey: { source: 'env', provider: 'default', id: 'VAULT_API_KEY' }, models: [{ id: 'vault-large', name: 'Vault Large' }] },
      },
    },
    skills: { entries: { weather: { enabled: true }, github: { enabled: true, apiKey: { source: 'env', provider: 'default', id: 'GITHUB_TOKEN' } } } },
    tools: { web: { search: { enabled: true } } },
  };
  delete config.meta.lastTouchedAt;
  for (let i = 0; JSON.stringify(config, null, 2).length < targetBytes; i++) {
    for (let j = 0; j < 20; j++) {
      const n = i * 20 + j;
      config.models.providers[`local-${n}`] = {
        baseUrl: `http://127.0.0.1:${10000 + n}/v1`,
        api: 'openai-completions',
        apiKey: `\${LOCAL_${n}_KEY}`,
        models: [
          { id: `model-${n}-a`, name: `Local model ${n} A`, contextWindow: 32768, maxTokens: 4096 },
          { id: `model-${n}-b`, name: `Local model ${n} B`, contextWindow: 131072, maxTokens: 8192 },
        ],
      };
    }
  }
  return config;
}
