import { ConfigError, loadConfig } from '@candor/runtime';
import { z } from 'zod';
import { analyserEnv, chooseAnalyser } from './choose';

const schema = z.object(analyserEnv);

describe('choosing the analyser', () => {
  it('uses the built-in analyser when no LLM is configured', () => {
    expect(chooseAnalyser(loadConfig(schema, {}))).toMatchObject({ kind: 'builtin' });
    expect(chooseAnalyser(loadConfig(schema, { CANDOR_LLM_BASE_URL: '', CANDOR_LLM_MODEL: '' }))).toMatchObject({
      kind: 'builtin',
    });
  });

  it('uses the LLM when a base URL and a model are set, with or without a key', () => {
    const config = loadConfig(schema, {
      CANDOR_LLM_BASE_URL: 'http://127.0.0.1:11434/v1',
      CANDOR_LLM_MODEL: 'llama3.1',
      CANDOR_LLM_TIMEOUT_MS: '45000',
    });
    expect(config.CANDOR_LLM_TIMEOUT_MS).toBe(45_000);
    expect(chooseAnalyser(config)).toMatchObject({ kind: 'llm', name: 'LLM llama3.1' });
  });

  it('refuses half an LLM configuration, naming the missing variable', () => {
    expect(() => chooseAnalyser({ CANDOR_LLM_BASE_URL: 'https://api.openai.com/v1' })).toThrow(ConfigError);
    expect(() => chooseAnalyser({ CANDOR_LLM_BASE_URL: 'https://api.openai.com/v1' })).toThrow(/CANDOR_LLM_MODEL/);
    expect(() => chooseAnalyser({ CANDOR_LLM_MODEL: 'gpt-4o-mini' })).toThrow(/CANDOR_LLM_BASE_URL/);
  });

  it('names bad variables', () => {
    expect(() => loadConfig(schema, { CANDOR_LLM_BASE_URL: 'not a url' })).toThrow(/CANDOR_LLM_BASE_URL/);
    expect(() => loadConfig(schema, { CANDOR_LLM_TIMEOUT_MS: 'soon' })).toThrow(/CANDOR_LLM_TIMEOUT_MS/);
    expect(() => loadConfig(schema, { CANDOR_LLM_TIMEOUT_MS: '10' })).toThrow(
      /CANDOR_LLM_TIMEOUT_MS: must be at least/,
    );
  });
});
