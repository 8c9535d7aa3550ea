/**
 * Addresses an image carries in its own built-in configuration, which no rendered object shows.
 * Keyed by image name (the last path segment before the tag). Caddy-style `{$VAR}` placeholders
 * are expanded from the container's env like the rendered config.
 */
export const IMAGE_BUILT_IN_ADDRESSES: Readonly<Record<string, readonly string[]>> = {
  // gitpod 2022.11.3 components/proxy/conf/Caddyfile (reverse_proxy targets).
  proxy: [
    'server.{$KUBE_NAMESPACE}.{$KUBE_DOMAIN}:3000',
    'dashboard.{$KUBE_NAMESPACE}.{$KUBE_DOMAIN}:3001',
    'ide-proxy.{$KUBE_NAMESPACE}.{$KUBE_DOMAIN}:80',
    'public-api-server.{$KUBE_NAMESPACE}.{$KUBE_DOMAIN}:9002',
    'ws-proxy.{$KUBE_NAMESPACE}.{$KUBE_DOMAIN}:9090',
  ],
};

/** `eu.gcr.io/gitpod-core-dev/build/proxy:commit-x` → `proxy`. */
export function imageName(image: string): string {
  const noDigest = image.split('@')[0];
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  return last.includes(':') ? last.slice(0, last.indexOf(':')) : last;
}
