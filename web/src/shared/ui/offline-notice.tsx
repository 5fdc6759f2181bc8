// A notice while the phone has no connection: the pages still open (the service worker keeps the app
// and what the resident pages last read, vite.config.ts), but what is shown may be old and nothing new
// arrives until the connection returns. Follows navigator.onLine and its online/offline events.
import { type CSSProperties, useSyncExternalStore } from "react";

// dark brown on pale yellow: 12:1, readable in the elderly mode's 7:1 too; sized by the page's rem
const NOTICE: CSSProperties = {
  background: "#fff4ce",
  color: "#3b2a00",
  borderBottom: "1px solid #d9a800",
  padding: "10px 16px",
  fontSize: "1rem",
  lineHeight: 1.5,
  textAlign: "center",
};

function subscribe(onChange: () => void) {
  window.addEventListener("online", onChange);
  window.addEventListener("offline", onChange);
  return () => {
    window.removeEventListener("online", onChange);
    window.removeEventListener("offline", onChange);
  };
}

/** Whether the browser says it has a network connection. */
export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => navigator.onLine,
    () => true,
  );
}

/** The notice itself; `text` is the caller's words (the app frame's texts, in the reader's language). */
export function OfflineNotice(props: { text: string }) {
  const online = useOnline();
  return (
    // the live region stays in the page, so a screen reader hears the notice when it appears
    <div role="status" aria-live="polite">
      {!online && (
        <div style={NOTICE} data-testid="offline-notice">
          {props.text}
        </div>
      )}
    </div>
  );
}
