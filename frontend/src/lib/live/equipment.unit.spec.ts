import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserOf, deviceOptions, optionFor, levelOf, mediaProblemOf, mediaProblemText, readiness } from './equipment.ts';

const named = (name: string) => Object.assign(new Error(name), { name });

test('getUserMedia rejections are told apart by name', () => {
  assert.equal(mediaProblemOf(named('NotAllowedError')), 'denied');
  assert.equal(mediaProblemOf(named('NotFoundError')), 'no-device');
  assert.equal(mediaProblemOf(named('OverconstrainedError')), 'no-device');
  assert.equal(mediaProblemOf(named('NotReadableError')), 'in-use');
  assert.equal(mediaProblemOf(new TypeError('mediaDevices is undefined')), 'insecure');
  assert.equal(mediaProblemOf(named('Weird')), 'failed');
  assert.equal(mediaProblemOf('nope'), 'failed');
});

test('a denied permission explains how to allow it in that browser', () => {
  const chrome = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
  const safari = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
  const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
  assert.equal(browserOf(chrome), 'chrome');
  assert.equal(browserOf(safari), 'safari');
  assert.equal(browserOf(firefox), 'firefox');
  assert.equal(browserOf(`${chrome} Edg/140.0`), 'edge');
  const text = mediaProblemText('denied', 'camera and microphone', 'chrome');
  assert.equal(text.title, 'Your browser is blocking the camera and microphone');
  assert.match(text.hint, /address bar/);
  assert.match(mediaProblemText('denied', 'microphone', 'safari').hint, /Settings for This Website/);
  assert.equal(mediaProblemText('no-device', 'camera', 'chrome').title, 'No camera found');
});

test('pickers list real devices of one kind, without the default aliases, with names before permission', () => {
  const devices = [
    { deviceId: 'default', kind: 'audioinput', label: 'Default - Headset' },
    { deviceId: 'a1', kind: 'audioinput', label: 'Headset' },
    { deviceId: 'a2', kind: 'audioinput', label: '' },
    { deviceId: 'communications', kind: 'audioinput', label: 'Communications' },
    { deviceId: 'v1', kind: 'videoinput', label: 'FaceTime HD' },
    { deviceId: 'o1', kind: 'audiooutput', label: 'Speakers' },
    { deviceId: '', kind: 'videoinput', label: '' },
  ];
  assert.deepEqual(deviceOptions(devices, 'audioinput'), [
    { id: 'a1', label: 'Headset' },
    { id: 'a2', label: 'Microphone 2' },
  ]);
  assert.deepEqual(deviceOptions(devices, 'videoinput'), [{ id: 'v1', label: 'FaceTime HD' }]);
});

test('a track on the default alias shows as the listed device of the same group', () => {
  const devices = [
    { deviceId: 'default', kind: 'audioinput', label: 'Default - Headset', groupId: 'g2' },
    { deviceId: 'a1', kind: 'audioinput', label: 'Built-in', groupId: 'g1' },
    { deviceId: 'a2', kind: 'audioinput', label: 'Headset', groupId: 'g2' },
  ];
  assert.equal(optionFor(devices, 'audioinput', 'default'), 'a2');
  assert.equal(optionFor(devices, 'audioinput', 'a1'), 'a1');
  assert.equal(optionFor(devices, 'audioinput', 'gone'), 'a1');
  assert.equal(optionFor(devices, 'videoinput', 'default'), '');
});

test('the level is 0 for silence and grows with the signal, up to 1', () => {
  assert.equal(levelOf(new Uint8Array(512).fill(128)), 0);
  assert.equal(levelOf([]), 0);
  const quiet = Uint8Array.from({ length: 512 }, (_, i) => 128 + Math.round(4 * Math.sin(i / 5)));
  const loud = Uint8Array.from({ length: 512 }, (_, i) => 128 + Math.round(60 * Math.sin(i / 5)));
  assert.ok(levelOf(quiet) > 0);
  assert.ok(levelOf(loud) > levelOf(quiet));
  assert.equal(levelOf(Uint8Array.from({ length: 512 }, (_, i) => (i % 2 ? 255 : 0))), 1);
});

test('a working microphone is required; without a camera the person may go on, warned', () => {
  const ok = { state: 'ok' } as const;
  const pending = { state: 'pending' } as const;
  const missing = { state: 'problem', problem: 'no-device' } as const;
  assert.deepEqual(readiness(ok, ok), { canContinue: true, warning: null });
  assert.equal(readiness(missing, ok).canContinue, false);
  assert.equal(readiness(pending, ok).canContinue, false);
  assert.equal(readiness(ok, pending).canContinue, false);
  const noCamera = readiness(ok, { state: 'problem', problem: 'denied' });
  assert.equal(noCamera.canContinue, true);
  assert.match(noCamera.warning ?? '', /hear you but not see you/);
});
