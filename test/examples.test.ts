import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { buildInstallations } from '../src/app';
import { parseConfigYaml } from '../src/config/load';
import { AcmeGitpod } from '../examples/downstream';

const examples = path.join(__dirname, '..', 'examples');
const configs = fs
  .readdirSync(examples)
  .filter((d) => fs.existsSync(path.join(examples, d, 'gitpod.config.yaml')));

describe('examples', () => {
  test('there is a config for each reference architecture', () => {
    expect(configs.sort()).toEqual(['air-gap', 'aws', 'azure', 'gcp', 'k3s', 'multi-cluster']);
  });

  test.each(configs)('%s renders', (name) => {
    const input = parseConfigYaml(fs.readFileSync(path.join(examples, name, 'gitpod.config.yaml'), 'utf8'));
    const { files } = buildInstallations(input as never);
    expect(files.size).toBeGreaterThan(1);
  });

  test('the downstream package extends the installation', () => {
    const app = new App();
    const acme = new AcmeGitpod(app, 'gitpod', { name: 'dev' });
    const objects = acme.renderedObjects().map((o) => o.manifest);
    const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'proxy')!;
    expect(service.metadata.annotations['networking.gke.io/load-balancer-type']).toBe('Internal');
    expect(service.metadata.labels['acme.dev/team']).toBe('platform');
    expect(service.spec.selector).toEqual({ app: 'gitpod', component: 'proxy' });
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'proxy')!;
    expect(deployment.spec.revisionHistoryLimit).toBe(3);
  });
});
