// Interview analysis: the analysers that read a completed session's answers and give the recruiter
// an advisory analysis (per-answer assessments, strengths and concerns that quote the answers, a
// suggested score). The session service runs the one chooseAnalyser picks and caches its result.
export { isAnswered, type Analyser, type AnalysisInput } from './analyser';
export { createBuiltinAnalyser } from './builtin-analyser';
export { analyserEnv, chooseAnalyser, type AnalyserConfig } from './choose';
export { keepGroundedPoints } from './grounding';
export { createLlmAnalyser, type LlmAnalyserOptions } from './llm-analyser';
