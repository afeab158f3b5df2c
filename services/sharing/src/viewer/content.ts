// What a share link's viewer is shown, built from the link and the followed interview. Only the
// fields switched on are put in the object at all (hidden means absent, not null), the candidate's
// name is cut to the link's visibility, and no email address is ever a field here.
import type { NameVisibility, ViewerContent } from '@candor/contracts';
import type { ShareLinkDetails } from '../share-link';
import { averageScore, type SharedInterview } from '../shared-interview';

export function visibleName(fullName: string, visibility: NameVisibility): string | undefined {
  if (visibility === 'hidden') return undefined;
  if (visibility === 'first') return fullName.trim().split(/\s+/)[0] ?? '';
  return fullName;
}

/** The page's title: the candidate's name only as far as the link shows it. */
export function pageTitleOf(link: ShareLinkDetails, interview: SharedInterview): string {
  const name = interview.facts ? visibleName(interview.facts.candidateName, link.nameVisibility) : undefined;
  return name ? `Interview with ${name}` : 'Shared interview';
}

export function viewerContentOf(link: ShareLinkDetails, interview: SharedInterview): ViewerContent {
  const content: ViewerContent = {
    pageTitle: pageTitleOf(link, interview),
    recordings: [],
    expiresAt: link.expiresAt,
  };
  const { facts } = interview;
  if (!facts) return content;
  const on = link.content;
  const name = visibleName(facts.candidateName, link.nameVisibility);
  if (name !== undefined) content.candidateName = name;
  if (on.interviewTitle) content.interviewTitle = facts.title;
  if (on.inviterDetails) content.inviter = { name: facts.inviterName, organisationName: facts.organisationName };
  if (on.scheduledAt) content.scheduledAt = { startsAt: facts.startsAt, timeZone: facts.timeZone };
  if (on.duration) content.durationMinutes = facts.durationMinutes;
  if (on.interviewerNames) content.interviewerNames = [...facts.interviewerNames];
  if (on.averageScore) content.averageScore = averageScore(interview.scores);
  const chosen = link.recordings === 'all' ? null : new Set(link.recordings);
  content.recordings = interview.recordings
    .filter((recording) => recording.status === 'ready' && (chosen === null || chosen.has(recording.segmentId)))
    .map((recording) => ({ id: recording.segmentId, index: recording.index, durationMs: recording.durationMs }));
  return content;
}

/**
 * Why a link whose own state is active has ended anyway, judged at each request from the followed
 * interview: the interview was cancelled, or every recording it showed was deleted. Null while not.
 */
export function endedBecause(link: Pick<ShareLinkDetails, 'recordings'>, interview: SharedInterview): string | null {
  if (interview.facts?.cancelled) return 'This interview was cancelled; this share link has ended.';
  if (recordingsGone(link, interview))
    return 'The recordings of this interview were deleted; this share link has ended.';
  return null;
}

/**
 * No share link outlives the data: once every recording the link showed is deleted (by a recruiter
 * or past retention), the link has nothing left to show and ends, judged at each request.
 */
export function recordingsGone(link: Pick<ShareLinkDetails, 'recordings'>, interview: SharedInterview): boolean {
  const chosen = link.recordings === 'all' ? null : new Set(link.recordings);
  const shown = interview.recordings.filter((recording) => chosen === null || chosen.has(recording.segmentId));
  return shown.length > 0 && shown.every((recording) => recording.status === 'deleted');
}
