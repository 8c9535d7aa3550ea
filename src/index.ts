/**
 * Public API of gitpod-cdk8s: the installation construct, its components and dependencies, the
 * config types, the render and validation entry points, and the typed Kubernetes classes.
 * Everything else (helpers shared by the components) is internal and may change.
 *
 * @packageDocumentation
 */

// ---- config ----
export * from './config/types';
export { GitpodConfigError, formatProblem } from './config/errors';
export type { ConfigProblem } from './config/errors';
export { defaultConfig, GITPOD_REPOSITORY, EXAMPLE_DOMAIN } from './config/defaults';
export { loadConfig, parseConfigYaml, resolveConfig } from './config/load';
export type { ResolvedConfig } from './config/load';
export { mergeConfig } from './config/merge';
export { CONFIG_SCHEMA } from './config/schema';

// ---- the installation ----
export { InstallationContext, WorkloadLabel } from './context';
export type { ComponentSet, InstallationContextProps } from './context';
export * from './versions';
export * from './installation';
export { PodTemplate } from './common/pod-template';
export * from './common/props';
export { k8s } from './k8s';

// ---- components ----
export * from './components/cluster';
export * from './components/proxy';
export * from './components/blobserve';
export * from './components/ide-config';
export * from './components/ide-service';
export * from './components/ide-proxy';
export * from './components/ide-metrics';
export * from './components/openvsx-proxy';
export * from './components/workspace';
export * from './components/ws-manager';
export * from './components/ws-daemon';
export * from './components/registry-facade';
export * from './components/image-builder-mk3';
export * from './components/agent-smith';
export * from './components/ws-proxy';
export * from './components/gitpod';
export { Server } from './components/server';
export type { ServerProps } from './components/server';
export * from './components/dashboard';
export * from './components/content-service';
export * from './components/ws-manager-bridge';
export * from './components/public-api-server';
export * from './components/migrations';
export * from './components/usage';
export * from './components/slow-server';
export * from './components/toxiproxy';

// ---- dependencies ----
export * from './dependencies/database';
export * from './dependencies/object-storage';
export * from './dependencies/container-registry';
export * from './dependencies/message-bus';
export * from './dependencies/defaults';
export * from './dependencies/mysql';
export * from './dependencies/cloud-sql';
export * from './dependencies/external-database';
export * from './dependencies/minio';
export * from './dependencies/registry';
export * from './dependencies/rabbitmq';
export * from './dependencies/certificates';

// ---- rendering ----
export { buildInstallations, clusterProps, DEFAULT_CLUSTER, DEFAULT_CONFIG } from './app';
export type { RenderOptions, Rendering } from './app';
export type { ConfigCluster } from './config/clusters';
export { compareManifests, folderFiles, KIND_ORDER, kustomization, renderFiles, toYamlDocuments } from './output/render';
export { checkOutputDir, OUTPUT_MARKER, OutputFolderError, writeOutputDir } from './output/write';
export type { WriteOutputOptions } from './output/write';
export { ARGOCD_HOOK, ARGOCD_HOOK_DELETE_POLICY, ARGOCD_SYNC_OPTIONS, ARGOCD_SYNC_WAVE, FLUX_FORCE, FLUX_PRUNE, SyncWave } from './output/gitops';
export type { ObjectRole } from './output/gitops';
export { DATA_DEPENDENCY, DEPENDENCY, markRole, ownRole, roleOf } from './common/roles';
export type { ConstructRole, RoleWave } from './common/roles';

// ---- secrets ----
export { secretCatalog } from './secrets/catalog';
export type { SecretSource, SecretSpec, GivenDependencies } from './secrets/catalog';
export { collectDeclaredSecrets, declareSecret, declaredSecrets } from './secrets/declare';
export { generatedSecretManifests, resolveSecrets } from './secrets/plan';
export type { PlannedSecret } from './secrets/plan';
export { assertNoSecretMaterial, findSecretMaterial, SecretMaterialError } from './secrets/guard';
export type { SecretFinding } from './secrets/guard';
export { ExternalSecrets } from './secrets/external-secrets';
export type { ExternalSecretsProps } from './secrets/external-secrets';
export { randomValues, fixedValues } from './secrets/generate';
export type { ValueSource } from './secrets/generate';

// ---- validation ----
export * from './validation';
export { GitpodValidation } from './validation/plugin';
export type { GitpodValidationProps, PluginContext, PluginViolation } from './validation/plugin';
export { VALIDATION_CONTEXT_FILE, validationContext } from './validation/context-file';
export type { ValidationContext, ValidationContextCluster } from './validation/context-file';

// ---- architecture picture and node check ----
export { graphOf } from './graph';
export type { GraphOptions } from './graph';
export { checkNodesOf } from './nodes';
export type { NodeCheck } from './nodes';
