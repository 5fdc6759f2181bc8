// The claimant's two actions on a claim, as bottom sheets shared by the wish board and "my claims":
// mark it fulfilled (with a note), or withdraw it (the wish goes back on the board for others).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Popup, TextArea, Toast } from "antd-mobile";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormError } from "../../../shared/ui/mobile";
import { fulfil, withdraw } from "./claims-api";

interface SheetProps {
  communityId: number;
  claimId: number;
  /** The wish's title, repeated so the person knows which one they act on. */
  title: string;
  onClose: () => void;
}

/** After a claim changes: the board and my claims are read again. */
function useRefreshClaims() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: ["board"] });
    void qc.invalidateQueries({ queryKey: ["me", "claims"] });
  };
}

export function FulfilSheet(props: SheetProps) {
  const { t } = useTranslation();
  const refresh = useRefreshClaims();
  const [note, setNote] = useState("");
  const go = useMutation({
    mutationFn: () => fulfil(props.communityId, props.claimId, note.trim()),
    onSuccess: () => {
      Toast.show({ icon: "success", content: t("wishes.fulfilled") });
      refresh();
      props.onClose();
    },
  });
  return (
    <Popup visible onMaskClick={props.onClose} bodyClassName="m-sheet" destroyOnClose>
      <div data-testid="fulfil-sheet">
        <h2 className="m-card-title">{t("wishes.fulfilTitle")}</h2>
        <p className="m-sheet-subject">{props.title}</p>
        <TextArea
          className="m-textarea"
          rows={3}
          maxLength={2000}
          value={note}
          onChange={setNote}
          placeholder={t("wishes.fulfilPlaceholder")}
          data-testid="fulfil-note"
        />
        <FormError error={go.error} />
        <div className="m-sheet-actions">
          <Button block size="large" onClick={props.onClose}>
            {t("common.cancel")}
          </Button>
          <Button
            block
            size="large"
            color="success"
            loading={go.isPending}
            onClick={() => go.mutate()}
            data-testid="fulfil-submit"
          >
            {t("wishes.fulfilSubmit")}
          </Button>
        </div>
      </div>
    </Popup>
  );
}

export function WithdrawSheet(props: SheetProps) {
  const { t } = useTranslation();
  const refresh = useRefreshClaims();
  const [reason, setReason] = useState("");
  const go = useMutation({
    mutationFn: () => withdraw(props.communityId, props.claimId, reason.trim()),
    onSuccess: () => {
      Toast.show({ icon: "success", content: t("myClaims.withdrawn") });
      refresh();
      props.onClose();
    },
  });
  return (
    <Popup visible onMaskClick={props.onClose} bodyClassName="m-sheet" destroyOnClose>
      <div data-testid="withdraw-sheet">
        <h2 className="m-card-title">{t("myClaims.withdrawTitle")}</h2>
        <p className="m-sheet-subject">{props.title}</p>
        <p className="m-muted">{t("myClaims.withdrawText")}</p>
        <TextArea
          className="m-textarea"
          rows={2}
          maxLength={500}
          value={reason}
          onChange={setReason}
          placeholder={t("myClaims.withdrawPlaceholder")}
          aria-label={t("myClaims.withdrawReason")}
          data-testid="withdraw-reason"
        />
        <FormError error={go.error} />
        <div className="m-sheet-actions">
          <Button block size="large" onClick={props.onClose}>
            {t("common.cancel")}
          </Button>
          <Button
            block
            size="large"
            color="danger"
            fill="outline"
            loading={go.isPending}
            onClick={() => go.mutate()}
            data-testid="withdraw-submit"
          >
            {t("myClaims.withdrawSubmit")}
          </Button>
        </div>
      </div>
    </Popup>
  );
}
