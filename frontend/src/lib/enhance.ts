// The enhancement every Candor form uses: report while it is pending, and after the answer update
// the page without clearing what was typed (a refused form keeps its values).
import type { SubmitFunction } from '$app/forms';

export function submitKeepingValues(pending: (isPending: boolean) => void): SubmitFunction {
  return () => {
    pending(true);
    return async ({ update }) => {
      await update({ reset: false });
      pending(false);
    };
  };
}
