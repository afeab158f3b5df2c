// Which question the candidate sees. Without a choice it is the first unanswered one (so leaving
// and coming back resumes there); `?q=` may go back to an answered one, never past the next one.

export function questionToShow(requested: string | null, nextQuestionIndex: number, questionCount: number): number {
  const last = Math.max(0, questionCount - 1);
  const resume = Math.min(Math.max(0, nextQuestionIndex), last);
  if (requested === null || requested === '') return resume;
  const index = Number(requested);
  if (!Number.isInteger(index) || index < 0) return resume;
  return Math.min(index, resume);
}
