// Getting an operator's attention when the tab is in the background: a short chime and a desktop notification.
const ASKED_KEY = 'clinicdesk.notifications-asked';

let audio: AudioContext | undefined;

/** A short two-tone chime, synthesized (no sound file to load). Browsers play it once the page has had a click. */
export function chime(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
    const start = audio.currentTime;
    for (const [i, frequency] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + i * 0.14);
      gain.gain.exponentialRampToValueAtTime(0.15, start + i * 0.14 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.14 + 0.25);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + i * 0.14);
      osc.stop(start + i * 0.14 + 0.3);
    }
  } catch {
    // No audio device: the on-screen signal is enough.
  }
}

export type DesktopPermission = 'granted' | 'denied' | 'default' | 'unsupported';

export function desktopPermission(): DesktopPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Whether the console should still offer to turn notifications on (it asks only once). */
export function shouldOfferNotifications(): boolean {
  return desktopPermission() === 'default' && localStorage.getItem(ASKED_KEY) !== 'yes';
}

export async function askForNotifications(): Promise<DesktopPermission> {
  localStorage.setItem(ASKED_KEY, 'yes');
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

/** Shown only while the console is not in front; a click brings the tab forward and runs `onClick`. */
export function notifyDesktop(title: string, body: string, tag: string, onClick?: () => void): void {
  if (desktopPermission() !== 'granted' || document.visibilityState === 'visible') return;
  const notification = new Notification(title, { body, tag });
  notification.onclick = () => {
    window.focus();
    onClick?.();
    notification.close();
  };
}
