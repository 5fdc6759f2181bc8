import { StaffSignInPage } from "../features/auth/staff-sign-in-page";
import { StaffProviders } from "./staff-providers";

export function StaffSignInRoute() {
  return (
    <StaffProviders>
      <StaffSignInPage />
    </StaffProviders>
  );
}
