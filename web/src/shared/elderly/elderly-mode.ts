// 适老化 elderly mode: one class on <html> switches large text, high contrast and large touch
// targets (elderly.css). Remembered on the device at once, and in the account when signed in.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useSyncExternalStore } from "react";
import { api } from "../api/client";
import { ME_KEY } from "../api/session";
import type { Me, Preferences } from "../api/types";

const STORAGE_KEY = "linli.elderly";
export const ELDERLY_CLASS = "linli-elderly";

type Listener = () => void;
const listeners = new Set<Listener>();

function readStored(): boolean | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === "1" ? true : v === "0" ? false : null;
  } catch {
    return null;
  }
}

let enabled = readStored() ?? false;
let chosen = readStored() !== null;
applyClass(enabled);

function applyClass(on: boolean) {
  if (typeof document === "undefined") return;
  document.documentElement.classList.toggle(ELDERLY_CLASS, on);
}

/** Whether the person chose a mode on this device (then it wins over the account's). */
export function hasChosenElderlyMode(): boolean {
  return chosen;
}

export function isElderlyMode(): boolean {
  return enabled;
}

export function setElderlyMode(on: boolean, remember = true): void {
  const wasChosen = chosen;
  if (remember) {
    chosen = true;
    try {
      localStorage.setItem(STORAGE_KEY, on ? "1" : "0");
    } catch {
      // private mode: lasts for this visit only
    }
  }
  if (on === enabled && chosen === wasChosen) return;
  enabled = on;
  applyClass(on);
  for (const l of listeners) l();
}

function subscribe(l: Listener) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useElderlyMode(): boolean {
  return useSyncExternalStore(subscribe, isElderlyMode, () => false);
}

/** Whether a mode was chosen on this device (the first-visit choice is then not offered again). */
export function useElderlyModeChosen(): boolean {
  return useSyncExternalStore(subscribe, hasChosenElderlyMode, () => true);
}

// The account's copy is saved one request at a time and only the newest choice is sent: a quick
// on-then-off must not leave the account on because the two requests crossed on the way.
let saving = false;
let pending: boolean | null = null;
function saveToAccount(on: boolean) {
  pending = on;
  if (saving) return;
  saving = true;
  const next = () => {
    if (pending === null) {
      saving = false;
      return;
    }
    const value = pending;
    pending = null;
    api
      .patch<Me>("/me/preferences", { elderlyMode: value } satisfies Preferences)
      .catch(() => {
        // the device remembers it; the account catches up at the next sign-in
      })
      .finally(next);
  };
  next();
}

/** Toggle elderly mode: the page changes at once; the account follows when signed in. */
export function useToggleElderlyMode() {
  const qc = useQueryClient();
  return useCallback(
    (on?: boolean) => {
      const next = on ?? !isElderlyMode();
      setElderlyMode(next);
      const me = qc.getQueryData<Me | null>(ME_KEY);
      if (me) {
        qc.setQueryData<Me | null>(ME_KEY, (old) =>
          old ? { ...old, elderlyMode: next, elderlyModeChosen: true } : old,
        );
        saveToAccount(next);
      }
      return next;
    },
    [qc],
  );
}
