// Who may still watch a recording, asked again on every range request. A recruiter may while they
// are of the recording's organisation (the token carries the organisation they were signed in to).
// A share viewer may while the sharing service, asked at that moment, says their viewing session of
// that link may still play that recording of that room (see share-access.ts): revoked, expired,
// a session past its grant, the recording dropped from the link or deleted — refused.
import type { Viewer } from './playback-tokens';
import type { ShareAccess } from './share-access';

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

export function viewerAccess(share: ShareAccess): ViewerAccess {
  return {
    async allows(viewer, recording) {
      if (viewer.kind === 'recruiter') return recruiterAccess.allows(viewer, recording);
      return share.allows({
        shareLinkId: viewer.shareLinkId,
        viewingSessionId: viewer.viewingSessionId,
        roomId: recording.roomId,
        recordingId: recording.segmentId,
      });
    },
  };
}
