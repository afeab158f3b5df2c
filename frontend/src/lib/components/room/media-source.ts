// Svelte action: plays a MediaStream in a <video>/<audio> element. Browsers may refuse to start
// sound that no click asked for (autoplay policy); `blocked` is then called so the page can offer
// a button, and `play()` from that click succeeds.
export interface MediaSourceOptions {
  stream: MediaStream | null;
  blocked?: () => void;
}

export function mediaSource(node: HTMLMediaElement, options: MediaSourceOptions) {
  let current: MediaStream | null = null;
  const set = ({ stream, blocked }: MediaSourceOptions) => {
    if (stream === current) return;
    current = stream;
    node.srcObject = stream;
    if (stream) {
      node.play().catch((cause: unknown) => {
        if (cause instanceof DOMException && cause.name === 'NotAllowedError') blocked?.();
      });
    }
  };
  set(options);
  return {
    update: set,
    destroy() {
      node.srcObject = null;
    },
  };
}
