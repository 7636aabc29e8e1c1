import { secondaryButton } from "@/app/_components/ui/button-styles";

// Class names shared by the cluster panel's forms and controls.
export const smallButton = `${secondaryButton} px-2 py-1 text-xs`;
export const selectClass =
  "rounded border border-slate-300 bg-white px-1 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";
