/**
 * The repository part of an image reference, without tag or digest:
 * `eu.gcr.io/gitpod-core-dev/build/ide/code:commit-a65f` → `eu.gcr.io/gitpod-core-dev/build/ide/code`.
 * A registry port (`localhost:5000/x`) is kept.
 */
export function imageRepository(image: string): string {
  const withoutDigest = image.replace(/@[^@/]+$/, '');
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

// The distribution reference grammar (github.com/distribution/reference, regexp.go), as used by
// the container runtimes: a kubelet refuses anything else with InvalidImageName at pull time.
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})';

/** A full image reference: `name[:tag][@sha256:<64 hex>]`. */
export const IMAGE_REFERENCE_PATTERN = `^${NAME}(?::${TAG})?(?:@${DIGEST})?$`;

/** An image name prefix (`repository`): a registry host with optional port and path, no tag; trailing '/' allowed. */
export const IMAGE_PREFIX_PATTERN = `^${DOMAIN}(?:/${PATH_COMPONENT})*/*$`;
