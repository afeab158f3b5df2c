// Who may still watch a recording, asked again on every range request. A recruiter may while they
// are of the recording's organisation (the token carries the organisation they were signed in to).
// A share link's viewing session is refused until the share links issue answers for it here —
// the one place the next issue plugs its revocation check into.
import type { Viewer } from './playback-tokens';

export interface RecordingOwner {
  organisationId: string;
  roomId: string;
  segmentId: string;
}

export interface ViewerAccess {
  allows(viewer: Viewer, recording: RecordingOwner): Promise<boolean>;
}

export const recruiterAccess: ViewerAccess = {
  async allows(viewer, recording) {
    return viewer.kind === 'recruiter' && viewer.organisationId === recording.organisationId;
  },
};
