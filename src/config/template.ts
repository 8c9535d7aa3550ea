/**
 * The commented default config printed by `gitpod-cdk8s init`. Every value is the installer's
 * default; the domain must be changed. Kept as text (not generated) so the comments read well;
 * a test checks that it parses to the defaults.
 */
export const CONFIG_TEMPLATE = `# gitpod.config.yaml: the Gitpod installer config (apiVersion v1), read by gitpod-cdk8s.
# Schema for editors: schema/gitpod-config.schema.json in the gitpod-cdk8s package.
apiVersion: v1
# Full | Meta (WebApp + IDE) | Workspace | IDE | WebApp
kind: Full
# The domain Gitpod is served on. The TLS certificate must cover <domain>, *.<domain> and *.ws.<domain>.
domain: gitpod.example.com
metadata:
  # Object-storage region; "local" for the in-cluster MinIO.
  region: local
  # Identity of this cluster; any value other than "default" serves workspaces on ws-<shortname>.<domain>.
  shortname: default
# Where images come from. Set it to your mirror for air-gapped clusters (third-party images follow).
repository: eu.gcr.io/gitpod-core-dev/build
observability:
  logLevel: info
# The public TLS certificate: a Secret with tls.crt and tls.key that you create.
certificate:
  kind: secret
  name: https-certificates
# Exactly one of: inCluster: true | external.certificate | cloudSQL {instance, serviceAccount}
database:
  inCluster: true
# Exactly one of: inCluster: true | s3 | cloudStorage | azure
objectStorage:
  inCluster: true
  resources:
    requests:
      memory: 2Gi
# inCluster: true (optionally with s3storage), or inCluster: false with external {url, certificate}
containerRegistry:
  inCluster: true
  privateBaseImageAllowList: []
workspace:
  runtime:
    fsShiftMethod: fuse
    # k3s: /run/k3s/containerd/io.containerd.runtime.v2.task/k8s.io and /run/k3s/containerd/containerd.sock
    containerdRuntimeDir: /var/lib/containerd/io.containerd.runtime.v2.task/k8s.io
    containerdSocket: /run/containerd/containerd.sock
  resources:
    requests:
      cpu: "1"
      memory: 2Gi
  pvc:
    size: 30Gi
    storageClass: ""
    snapshotClass: ""
  prebuildPVC:
    size: 30Gi
    storageClass: ""
    snapshotClass: ""
  maxLifetime: 36h
openVSX:
  url: https://open-vsx.org
authProviders: []
blockNewUsers:
  enabled: false
  passlist: []
disableDefinitelyGp: true
# gitpod-cdk8s's own settings (the upstream installer has none of them), e.g.:
# cdk8s:
#   # Stakater Reloader annotations: a workload rolls when a Secret or ConfigMap it reads changes.
#   reloader: true
#   secrets:
#     # Values the secret guard refuses that you know are not secret, by config path
#     # (render's error prints the entry to add); never a switch to turn the check off.
#     notSecret:
#       - 'customization[0].metadata.annotations["example.com/build-id"]'
`;
