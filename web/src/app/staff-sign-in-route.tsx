import { StaffSignInPage } from "../features/core/auth/staff-sign-in-page";
import { StaffProviders } from "./staff-providers";

export function StaffSignInRoute() {
  return (
    <StaffProviders>
      <StaffSignInPage />
    </StaffProviders>
  );
}
