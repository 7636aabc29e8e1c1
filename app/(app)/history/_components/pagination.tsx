import Link from "next/link";
import { secondaryButton } from "@/app/_components/ui/button-styles";
import { historyHref, type THistorySearch } from "./search-params";

/** Previous / "Page 2 of 5" / Next, as links that keep the filters. An end's missing link stays in place. */
export function Pagination({
  search,
  page,
  pageCount,
}: {
  search: THistorySearch;
  page: number;
  pageCount: number;
}) {
  const disabled = `${secondaryButton} pointer-events-none opacity-50`;
  return (
    <nav aria-label="Pages of sessions" className="flex items-center justify-between gap-4 text-sm">
      {page > 1 ? (
        <Link href={historyHref({ ...search, page: page - 1 })} rel="prev" className={secondaryButton}>
          Previous
        </Link>
      ) : (
        <span aria-disabled="true" className={disabled}>
          Previous
        </span>
      )}
      <p>
        Page {page} of {pageCount}
      </p>
      {page < pageCount ? (
        <Link href={historyHref({ ...search, page: page + 1 })} rel="next" className={secondaryButton}>
          Next
        </Link>
      ) : (
        <span aria-disabled="true" className={disabled}>
          Next
        </span>
      )}
    </nav>
  );
}
