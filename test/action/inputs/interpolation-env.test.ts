import { describe, expect, it } from 'vitest';
import {
  interpolationEnv,
  withheldVariables,
} from '../../../src/action/inputs/interpolation-env.js';

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

describe('the variables withheld from compose interpolation', () => {
  it('are listed with the reason, so a message about one can say why it is unset', () => {
    expect(
      withheldVariables({
        TAG: 'v1',
        PG_PASS: 'x',
        DB_PASSWORD: 'x',
        GITHUB_SHA: 'abc',
        'INPUT_GITHUB-TOKEN': 'x',
      }),
    ).toEqual({
      PG_PASS: 'credential',
      DB_PASSWORD: 'credential',
      GITHUB_SHA: 'runner',
      'INPUT_GITHUB-TOKEN': 'runner',
    });
  });

  it('are exactly the variables interpolationEnv leaves out', () => {
    const env = { TAG: 'v1', PG_PASS: 'x', RUNNER_OS: 'Linux', HOME: '/home/runner', API_KEY: 'k' };
    const kept = Object.keys(interpolationEnv(env));
    const withheld = Object.keys(withheldVariables(env));
    expect([...kept, ...withheld].sort()).toEqual(Object.keys(env).sort());
    expect(kept.filter((k) => withheld.includes(k))).toEqual([]);
  });
});
