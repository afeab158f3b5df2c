// What the job form shows: shared by the server (which fills it) and the form component.
export interface JobFormValues {
  title: string;
  description: string;
  questions: { id?: string; text: string }[];
}

export const emptyJobForm: JobFormValues = { title: '', description: '', questions: [] };

export interface JobFormLimits {
  title: number;
  description: number;
  questionText: number;
  questions: number;
}
