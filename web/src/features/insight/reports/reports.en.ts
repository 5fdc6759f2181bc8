import type { InsightReportsMessages } from "./reports.zh-CN";

export const insightReportsEn: InsightReportsMessages = {
  insightReports: {
    menu: "Monthly reports",
    title: "Monthly reports",
    subtitle:
      "On the 1st of each month every community's and street's report of the month before is made (PDF) and archived; any past month can be made again, with the same numbers",
    noPlace: "Your roles give you no place with monthly reports",
    place: "Place",
    allPlaces: "This level and below",
    month: "Month",
    allMonths: "All months",
    level: "Kind",
    levels: { community: "Community", street: "Street" },
    generatedAt: "Made at",
    generatedBy: "Made by",
    by: { job: "Automatic (1st of the month)", staff: "Staff, made again" },
    size: "Size",
    sha256: "SHA-256",
    actions: "Actions",
    pdf: "Download PDF",
    excel: "Figures as Excel",
    regenerate: "Make again",
    regenerateConfirm:
      "Make the report of {{place}} for {{month}} again? The archived PDF is replaced (the numbers stay the same).",
    regenerated: "The report of {{place}} for {{month}} is made",
    generateTitle: "Make a monthly report",
    generateHint: "Choose a month that is over and a place to make (or make again) its report",
    generate: "Make",
    selected: "{{count}} selected",
    regenerateSelected: "Make the selected again",
    regeneratedMany: "{{count}} reports made again",
    empty: "No monthly reports match",
  },
};
