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
