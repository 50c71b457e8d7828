import { describe, expect, it } from 'vitest';
import { suggestModels } from '../src/core/suggestions.js';

describe('suggestModels', () => {
  it('picks one real model per popular family, newest and paid first', () => {
    const ids = [
      'anthropic/claude-opus-4.1',
      'anthropic/claude-sonnet-4.5',
      'anthropic/claude-sonnet-4.6',
      'openai/gpt-4o',
      'openai/gpt-5.1',
      'google/gemma4:free',
      'deepseek/deepseek-r1:free',
      'deepseek/deepseek-r1',
      'x/y',
    ];
    expect(suggestModels(ids)).toEqual(['anthropic/claude-sonnet-4.6', 'openai/gpt-5.1', 'deepseek/deepseek-r1']);
  });

  it('reads version numbers as numbers', () => {
    expect(suggestModels(['openai/gpt-5.9', 'openai/gpt-5.10', 'openai/gpt-4.1'])).toEqual(['openai/gpt-5.10']);
    expect(suggestModels(['anthropic/claude-sonnet-4', 'anthropic/claude-sonnet-4.5'])).toEqual(['anthropic/claude-sonnet-4.5']);
  });

  it('suggests nothing that is not in the list', () => {
    expect(suggestModels(['x/y'])).toEqual([]);
  });
});
