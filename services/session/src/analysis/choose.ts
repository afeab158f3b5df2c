// Which analyser a deployment uses, from its configuration: an LLM when one is configured, else the
// built-in analyser, so Candor analyses interviews out of the box with no external service.
import { ConfigError } from '@candor/runtime';
import { z } from 'zod';
import type { Analyser } from './analyser';
import { createBuiltinAnalyser } from './builtin-analyser';
import { createLlmAnalyser } from './llm-analyser';

// An empty variable (`CANDOR_LLM_MODEL=` in an env file) means not set.
const unsetWhenEmpty = (value: unknown) => (value === '' ? undefined : value);

/** Zod fields (all optional) to merge into a service's configuration schema. */
export const analyserEnv = {
  /** an OpenAI-compatible API, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 (Ollama) */
  CANDOR_LLM_BASE_URL: z.preprocess(
    unsetWhenEmpty,
    z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  ),
  CANDOR_LLM_MODEL: z.preprocess(unsetWhenEmpty, z.string().trim().min(1).optional()),
  CANDOR_LLM_API_KEY: z.preprocess(unsetWhenEmpty, z.string().optional()),
  CANDOR_LLM_TIMEOUT_MS: z.preprocess(
    unsetWhenEmpty,
    z.coerce
      .number({ message: 'must be a number of milliseconds' })
      .int()
      .min(1_000, 'must be at least 1000 (1 s)')
      .max(600_000, 'must be at most 600000 (10 min)')
      .optional(),
  ),
} as const;

export interface AnalyserConfig {
  CANDOR_LLM_BASE_URL?: string;
  CANDOR_LLM_MODEL?: string;
  CANDOR_LLM_API_KEY?: string;
  CANDOR_LLM_TIMEOUT_MS?: number;
}

/**
 * LLM when CANDOR_LLM_BASE_URL and CANDOR_LLM_MODEL are set (CANDOR_LLM_API_KEY optional), else
 * built-in. Only one of the two set is a mistake, not a wish for the built-in analyser: it throws.
 */
export function chooseAnalyser(config: AnalyserConfig, options: { now?: () => Date } = {}): Analyser {
  const { CANDOR_LLM_BASE_URL: baseUrl, CANDOR_LLM_MODEL: model } = config;
  if (baseUrl && model) {
    return createLlmAnalyser({
      baseUrl,
      model,
      apiKey: config.CANDOR_LLM_API_KEY,
      timeoutMs: config.CANDOR_LLM_TIMEOUT_MS,
      now: options.now,
    });
  }
  if (baseUrl) throw new ConfigError(['CANDOR_LLM_MODEL: is required when CANDOR_LLM_BASE_URL is set']);
  if (model) throw new ConfigError(['CANDOR_LLM_BASE_URL: is required when CANDOR_LLM_MODEL is set']);
  return createBuiltinAnalyser(options);
}
