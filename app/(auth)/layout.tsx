import { Logo } from "@/app/_components/ui/logo";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center px-6 py-10">
      <Logo />
      <main className="mt-10 w-full max-w-sm">{children}</main>
    </div>
  );
}
