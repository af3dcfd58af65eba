// Which next.config keys Slugline reads, which it accepts quietly because they do nothing for
// an API server, and which it warns about by name because they would change what the API
// answers and Slugline does not do them. README "next.config" lists the same three groups.

/** Read and honoured (routing-config.ts, and start/dev for env and compress). */
export const SUPPORTED_KEYS = new Set([
  'basePath',
  'trailingSlash',
  'skipTrailingSlashRedirect',
  'skipMiddlewareUrlNormalize',
  'skipProxyUrlNormalize',
  'headers',
  'redirects',
  'rewrites',
  'env',
  'compress',
  'poweredByHeader',
])

/** Pages, images, styling, client bundles, build tooling: nothing an API route answers with. */
export const QUIET_KEYS = new Set([
  'images',
  'reactStrictMode',
  'reactCompiler',
  'reactProductionProfiling',
  'reactMaxHeadersLength',
  'eslint',
  'typescript',
  'devIndicators',
  'productionBrowserSourceMaps',
  'enablePrerenderSourceMaps',
  'sassOptions',
  'cssChunking',
  'inlineCss',
  'useLightningcss',
  'compiler',
  'modularizeImports',
  'optimizePackageImports',
  'transpilePackages',
  'serverExternalPackages',
  'bundlePagesRouterDependencies',
  'turbopack',
  'distDir',
  'cleanDistDir',
  'assetPrefix',
  'crossOrigin',
  'deploymentId',
  'generateBuildId',
  'output',
  'outputFileTracingRoot',
  'outputFileTracingIncludes',
  'outputFileTracingExcludes',
  'logging',
  'onDemandEntries',
  'allowedDevOrigins',
  'staticPageGenerationTimeout',
  'staticGeneration',
  'expireTime',
  'htmlLimitedBots',
  'typedRoutes',
  'cacheComponents',
  'cacheLife',
  'cacheHandler',
  'cacheHandlers',
  'cacheMaxMemorySize',
  'serverActions',
  'excludeDefaultMomentLocales',
  'experimental',
  'swcMinify',
  'optimizeFonts',
  'amp',
  'analyticsId',
  'exportPathMap',
  // Warned about below, with what Slugline does instead.
  'pageExtensions',
  'webpack',
  'partialPrefetching',
  'prefetchInlining',
  'adapterPath',
])

/** Would change API behaviour; not done by Slugline. The value is the one-line answer. */
export const UNSUPPORTED_KEYS: Record<string, string> = {
  i18n: 'locale prefixes are not routed; requests are served without locale handling',
  generateEtags: 'Slugline always sends ETags on res.send/res.json bodies',
  httpAgentOptions: "fetch() uses Node's default agent",
  proxyClientMaxBodySize: 'proxy.ts gets no request body; route body limits come from each route config',
  useFileSystemPublicRoutes: 'every route file is always served',
  skipMiddlewareNextInternalRoutes: 'there are no /_next routes to skip',
}

/** Warnings for the keys of `config` that are unsupported or unknown, one line each. */
export function configKeyWarnings(file: string, config: Record<string, unknown>): string[] {
  const out: string[] = []
  for (const key of Object.keys(config)) {
    if (SUPPORTED_KEYS.has(key) || QUIET_KEYS.has(key)) continue
    const why = UNSUPPORTED_KEYS[key]
    out.push(
      why !== undefined
        ? `Warning: ${file}: \`${key}\` is not supported by Slugline and is ignored (${why}).`
        : `Warning: ${file}: \`${key}\` is not a next.config option Slugline knows; it is ignored.`,
    )
  }
  if (config.pageExtensions !== undefined) out.push(`Warning: ${file}: \`pageExtensions\` is ignored; route files are .ts .tsx .js .jsx .mjs .cjs.`)
  if (config.poweredByHeader === true) out.push(`Warning: ${file}: \`poweredByHeader: true\` is ignored; Slugline never sends X-Powered-By.`)
  return out
}
