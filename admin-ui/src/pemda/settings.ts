import { useSyncExternalStore } from 'react';
import { API_URL } from '../api/http.js';

/** The Pemda's settings as GET /settings/pemda answers them (public: shown before sign-in). */
export interface PemdaSettings {
  name: string; logo: string | null; timeZone: string; timeZoneLabel: string; publicBaseUrl: string;
  /** Jenis naskah sealed with the institution's electronic seal once signed. */
  sealedDocumentTypes?: string[];
  updatedAt: string;
}

/**
 * Before the settings arrive (or when the API cannot answer): the zone the
 * console used before the setting existed, Tanah Bumbu's WITA.
 */
const FALLBACK_TIME_ZONE = 'Asia/Makassar';

let current: PemdaSettings | null = null;
const listeners = new Set<() => void>();

function publish(settings: PemdaSettings | null): void {
  current = settings;
  for (const listener of listeners) listener();
}

/** Reads the settings; main.tsx waits for it before the first render, so no date is ever shown in another zone. */
export async function loadPemdaSettings(): Promise<void> {
  try {
    const res = await fetch(`${API_URL}/settings/pemda`, { headers: { Accept: 'application/json' } });
    if (res.ok) publish(await res.json() as PemdaSettings);
  } catch {
    // The sign-in page still works; dates fall back to the default zone.
  }
}

/** After the admin saved new settings: every screen shows them at once. */
export function pemdaSettingsSaved(settings: PemdaSettings): void {
  publish(settings);
}

/** The zone every time is shown and entered in: the Pemda's, not the browser's. */
export function pemdaTimeZone(): string {
  return current?.timeZone ?? FALLBACK_TIME_ZONE;
}

export function usePemdaSettings(): PemdaSettings | null {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, () => current);
}
