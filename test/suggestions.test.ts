import { describe, expect, it } from 'vitest';
import { suggestModels } from '../src/suggestions.js';

describe('suggestModels', () => {
  it('picks one real model per popular family, newest and paid first', () => {
    const ids = ['anthropic/claude-opus-4.1', 'anthropic/claude-sonnet-4.5', 'anthropic/claude-sonnet-4.6', 'openai/gpt-4o', 'openai/gpt-5.1', 'google/gemma4:free', 'deepseek/deepseek-r1:free', 'deepseek/deepseek-r1', 'x/y'];
    expect(suggestModels(ids)).toEqual(['anthropic/claude-sonnet-4.6', 'openai/gpt-5.1', 'deepseek/deepseek-r1']);
  });

  it('suggests nothing that is not in the list', () => {
    expect(suggestModels(['x/y'])).toEqual([]);
  });
});
