import { useSyncExternalStore } from 'react';

/** A lead that left my queue because another operator claimed it: shown briefly as a note, never as an error. */
export interface TakenNote {
  leadId: string;
  name: string | null;
  at: number;
}

const NOTE_MS = 8000;
let notes: TakenNote[] = [];
const listeners = new Set<() => void>();

function publish(next: TakenNote[]): void {
  notes = next;
  for (const l of [...listeners]) l();
}

export function addTakenNote(note: Omit<TakenNote, 'at'>): void {
  publish([...notes.filter((n) => n.leadId !== note.leadId), { ...note, at: Date.now() }]);
  setTimeout(() => publish(notes.filter((n) => Date.now() - n.at < NOTE_MS)), NOTE_MS + 50);
}

export function useTakenNotes(): TakenNote[] {
  return useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => notes,
  );
}
