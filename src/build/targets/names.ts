// The names `slugline build --target` takes. Apart from the registry (index.ts) so the CLI's
// argument parser can check a name without bundling every target's packager into `start`.
export const TARGET_NAMES = ['node', 'standalone', 'vercel', 'lambda', 'workers'] as const

export type TargetName = (typeof TARGET_NAMES)[number]
