// When someone signs in, the account's language and elderly mode meet the device's: a choice made
// on this device wins (and is saved to the account); otherwise the account's mode applies — the
// person's choice, or elderly mode by default for a verified resident aged 60 or more (issue 9).
import { useEffect, useRef } from "react";
import { api } from "../shared/api/client";
import { useMe, useSetMe } from "../shared/api/session";
import type { Me } from "../shared/api/types";
import { hasChosenElderlyMode, isElderlyMode, setElderlyMode } from "../shared/elderly/elderly-mode";
import { currentLanguage, hasChosenLanguage, setLanguage } from "../shared/i18n/i18n";

export function PreferenceSync() {
  const { data: me } = useMe();
  const setMe = useSetMe();
  const syncedFor = useRef<number | null>(null);

  useEffect(() => {
    if (!me) {
      syncedFor.current = null;
      return;
    }
    if (syncedFor.current === me.id) return;
    syncedFor.current = me.id;

    const patch: { locale?: Me["locale"]; elderlyMode?: boolean } = {};
    if (hasChosenLanguage()) {
      if (currentLanguage() !== me.locale) patch.locale = currentLanguage();
    } else if (me.locale !== currentLanguage()) {
      setLanguage(me.locale, false);
    }
    // the device's choice is the person's: the account takes it (also over the default by age);
    // else the account's mode applies — its owner's choice, or on by default from 60 (/me says which)
    if (hasChosenElderlyMode()) {
      if (isElderlyMode() !== me.elderlyMode || !me.elderlyModeChosen) patch.elderlyMode = isElderlyMode();
    } else if (me.elderlyMode !== isElderlyMode()) {
      setElderlyMode(me.elderlyMode, false);
    }
    if (Object.keys(patch).length > 0) {
      api
        .patch<Me>("/me/preferences", patch)
        .then(setMe)
        .catch(() => {
          // kept on the device; tried again at the next sign-in
        });
    }
  }, [me, setMe]);

  return null;
}
