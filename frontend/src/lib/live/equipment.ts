// The equipment test's decisions, without the DOM: what a getUserMedia failure means and what to
// tell the person, the device pickers' options, the microphone level, and whether they may go on.
//
// Who may continue: a working microphone is required (an interview nobody can hear cannot happen);
// the camera is not (a laptop with a broken camera, a phone that refuses it) — the person is told
// that the interviewer will not see them, and joins with sound only.

export type MediaProblem = 'denied' | 'no-device' | 'in-use' | 'insecure' | 'unsupported' | 'failed';

/** A getUserMedia rejection (a DOMException, by name) as one of the problems we explain. */
export function mediaProblemOf(error: unknown): MediaProblem {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'no-device';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'in-use';
    case 'TypeError':
      // navigator.mediaDevices is missing outside a secure context (plain http on a public address)
      return 'insecure';
    default:
      return 'failed';
  }
}

export type Browser = 'chrome' | 'firefox' | 'safari' | 'edge' | 'other';

export function browserOf(userAgent: string): Browser {
  if (/Edg\//.test(userAgent)) return 'edge';
  if (/Firefox\//.test(userAgent)) return 'firefox';
  if (/Chrome\/|Chromium\/|CriOS\//.test(userAgent)) return 'chrome';
  if (/Safari\//.test(userAgent)) return 'safari';
  return 'other';
}

/** How to give the page the camera and microphone back after saying no. */
export function allowAccessHelp(browser: Browser): string {
  switch (browser) {
    case 'chrome':
    case 'edge':
      return 'Click the camera icon (or the settings icon) at the left of the address bar, choose Allow for the camera and the microphone, then press Try again.';
    case 'firefox':
      return 'Click the crossed-out camera or microphone icon in the address bar, remove the block, then press Try again.';
    case 'safari':
      return 'In the Safari menu choose Settings for This Website, set Camera and Microphone to Allow, then press Try again.';
    case 'other':
      return "Open your browser's site settings for this page, allow the camera and the microphone, then press Try again.";
  }
}

export interface ProblemText {
  title: string;
  hint: string;
}

export function mediaProblemText(problem: MediaProblem, device: 'camera' | 'microphone' | 'camera and microphone', browser: Browser): ProblemText {
  switch (problem) {
    case 'denied':
      return {
        title: `Your browser is blocking the ${device}`,
        hint: `${allowAccessHelp(browser)} If your computer blocks it too, allow your browser in the system's privacy settings (on a Mac: System Settings → Privacy & Security).`,
      };
    case 'no-device':
      return {
        title: `No ${device} found`,
        hint: `Connect a ${device === 'camera' ? 'camera' : device === 'microphone' ? 'microphone or headset' : 'camera and a microphone'}, then press Try again.`,
      };
    case 'in-use':
      return {
        title: `Your ${device} is busy`,
        hint: 'Another app or browser tab may be using it. Close it, then press Try again.',
      };
    case 'insecure':
      return {
        title: 'Your browser cannot use the camera on this page',
        hint: 'Open the link exactly as it was sent to you (it must start with https://), in an up-to-date browser.',
      };
    case 'unsupported':
      return {
        title: 'This browser cannot take part in video calls',
        hint: 'Please open the link in a recent Chrome, Edge, Firefox or Safari.',
      };
    case 'failed':
      return { title: `The ${device} could not be started`, hint: 'Press Try again. If it keeps failing, restart your browser.' };
  }
}

export interface DeviceInfo {
  deviceId: string;
  kind: string;
  label: string;
  groupId?: string;
}

export interface DeviceOption {
  id: string;
  label: string;
}

/**
 * The devices of one kind for a picker. Chrome lists the system default twice (as `default` and
 * under its own id) and Windows adds `communications`: those aliases are left out. Labels are
 * empty until permission is given; then numbered names stand in.
 */
export function deviceOptions(devices: readonly DeviceInfo[], kind: 'audioinput' | 'videoinput'): DeviceOption[] {
  const noun = kind === 'audioinput' ? 'Microphone' : 'Camera';
  return devices
    .filter((device) => device.kind === kind && device.deviceId !== '' && !aliases.has(device.deviceId))
    .map((device, index) => ({ id: device.deviceId, label: device.label.trim() || `${noun} ${index + 1}` }));
}

const aliases = new Set(['default', 'communications']);

/**
 * Which picker option a running track's device is. A track opened without a choice reports the
 * `default` alias; that is the listed device of the same group (the same physical device).
 */
export function optionFor(devices: readonly DeviceInfo[], kind: 'audioinput' | 'videoinput', deviceId: string): string {
  const options = deviceOptions(devices, kind);
  if (options.some((option) => option.id === deviceId)) return deviceId;
  if (aliases.has(deviceId)) {
    const alias = devices.find((device) => device.kind === kind && device.deviceId === deviceId);
    const same = devices.find(
      (device) => device.kind === kind && !aliases.has(device.deviceId) && alias?.groupId && device.groupId === alias.groupId,
    );
    if (same) return same.deviceId;
  }
  return options[0]?.id ?? '';
}

/**
 * The level of one frame of microphone samples (AnalyserNode.getByteTimeDomainData: 128 is
 * silence), 0–1. Speech has an RMS of roughly 0.02–0.2; the meter scales it so talking fills
 * most of the bar, and a gentle square root keeps quiet voices visible.
 */
export function levelOf(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let index = 0; index < samples.length; index++) {
    const value = ((samples[index] ?? 128) - 128) / 128;
    sum += value * value;
  }
  const rms = Math.sqrt(sum / samples.length);
  return Math.min(1, Math.sqrt(rms * 4));
}

export type DeviceState = { state: 'pending' } | { state: 'ok' } | { state: 'problem'; problem: MediaProblem };

export interface Readiness {
  canContinue: boolean;
  /** shown beside the continue button when the person may go on with something missing */
  warning: string | null;
}

export function readiness(microphone: DeviceState, camera: DeviceState): Readiness {
  if (microphone.state !== 'ok') return { canContinue: false, warning: null };
  if (camera.state === 'ok') return { canContinue: true, warning: null };
  if (camera.state === 'pending') return { canContinue: false, warning: null };
  return {
    canContinue: true,
    warning: 'You can join with your microphone only: the interviewer will hear you but not see you.',
  };
}
