import Link from "next/link";

export function Logo() {
  return (
    <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight" aria-label="Quorum home">
      <svg viewBox="0 0 24 24" className="size-6 text-brand-500" aria-hidden="true">
        <circle cx="12" cy="5" r="2.6" fill="currentColor" />
        <circle cx="5" cy="17" r="2.6" fill="currentColor" />
        <circle cx="19" cy="17" r="2.6" fill="currentColor" />
        <path d="M12 5 5 17h14Z" fill="none" stroke="currentColor" strokeWidth="1.4" />
      </svg>
      <span>Quorum</span>
    </Link>
  );
}
