import { describe, expect, it } from 'vitest';
import { interpolationEnv } from '../../../src/action/inputs/interpolation-env.js';

describe('the environment compose files are interpolated with', () => {
  it('keeps what a workflow sets for its own use', () => {
    expect(
      interpolationEnv({ TAG: 'v1', REPLICAS: '3', HOME: '/home/runner', CI: 'true' }),
    ).toEqual({ TAG: 'v1', REPLICAS: '3', HOME: '/home/runner', CI: 'true' });
  });

  it('leaves out the runner’s variables, the inputs and anything named like a credential', () => {
    const env = interpolationEnv({
      'INPUT_GITHUB-TOKEN': 'ghs_x',
      ACTIONS_RUNTIME_TOKEN: 'x',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'x',
      GITHUB_TOKEN: 'x',
      RUNNER_TEMP: '/tmp',
      NPM_TOKEN: 'x',
      AWS_SECRET_ACCESS_KEY: 'x',
      DB_PASSWORD: 'x',
      API_KEY: 'x',
      SSH_PRIVATE_KEY: 'x',
      docker_auth_config: 'x',
      TAG: 'v1',
    });
    expect(env).toEqual({ TAG: 'v1' });
  });
});
