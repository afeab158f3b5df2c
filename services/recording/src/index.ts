// The recording service: recordings of live rooms (segments, consent, files, playback, retention).
// Being built (issue 9); each part exports from here as it lands.
export {};
