// What the Interview Analysis page's panels share: its tabs (in the URL as `?tab=`) and the labels
// of statuses and timeline entries. No server code, no contracts import: it ships to the browser.

/** The tabs below the player. */
export const analysisTabs = ['recordings', 'details', 'timeline', 'scores', 'share'] as const;
export type AnalysisTab = (typeof analysisTabs)[number];
export const tabLabels: Record<AnalysisTab, string> = {
  recordings: 'Recordings',
  details: 'Details',
  timeline: 'Timeline',
  scores: 'Scores',
  share: 'Share',
};

export interface ScoreFormValues {
  score: string;
  note: string;
}

export const recordingStatusLabels: Record<string, string> = {
  recording: 'Recording',
  processing: 'Processing',
  ready: 'Ready',
  failed: 'Failed',
  deleted: 'Deleted',
};

export const interviewStatusLabels: Record<string, string> = {
  scheduled: 'Scheduled',
  waiting: 'Candidate waiting',
  in_progress: 'In progress',
  ended: 'Ended',
  cancelled: 'Cancelled',
};

export const roleLabels: Record<string, string> = { candidate: 'Candidate', host: 'Interviewer' };

interface Entry {
  kind: string;
  participantName: string | null;
  byName: string | null;
}

/** One line of the timeline in words: "Ada muted Grace", "Grace joined". */
export function describeEntry(entry: Entry): string {
  const who = entry.participantName ?? 'Someone';
  const by = entry.byName ?? 'An interviewer';
  switch (entry.kind) {
    case 'consent-given':
      return `${who} agreed to be recorded`;
    case 'joined':
      return `${who} joined`;
    case 'left':
      return `${who} left`;
    case 'admitted':
      return `${by} admitted ${who}`;
    case 'declined':
      return `${by} declined ${who}`;
    case 'muted':
      return `${by} muted ${who}`;
    case 'recording-started':
      return `${by} started recording`;
    case 'recording-stopped':
      return `${by} stopped recording`;
    case 'ended':
      return `${by} ended the interview`;
    default:
      return entry.kind;
  }
}

/** The content toggles of a share link, in the order the form shows them. */
export const shareToggles = [
  ['interviewTitle', 'Interview title'],
  ['inviterDetails', 'Inviter details'],
  ['scheduledAt', 'Scheduled date and time'],
  ['duration', 'Duration'],
  ['interviewerNames', 'Interviewer names'],
  ['averageScore', 'Average reviewer score'],
] as const;
export type ShareToggle = (typeof shareToggles)[number][0];

export const shareStatusLabels: Record<string, string> = {
  active: 'Active',
  expired: 'Expired',
  'used-up': 'Used up',
  revoked: 'Revoked',
  ended: 'Ended',
};

export const nameVisibilityLabels: Record<string, string> = { full: 'Full', first: 'First only', hidden: 'Hidden' };

export interface ShareFormValues {
  name: string;
  nameVisibility: string;
  expiryDays: string;
  maxViews: string;
  content: string[];
  recordings: string[];
}
