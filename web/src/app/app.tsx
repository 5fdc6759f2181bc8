import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "react-router-dom";
import { ApiError } from "../shared/api/client";
import { PreferenceSync } from "./preference-sync";
import { router } from "./router";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again; network trouble and 5xx get two more tries.
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
      staleTime: 15_000,
      // offline, a query still asks once: the service worker answers the resident pages from what
      // they last read (vite.config.ts); only the retries wait for the connection
      networkMode: "offlineFirst",
    },
  },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <PreferenceSync />
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
