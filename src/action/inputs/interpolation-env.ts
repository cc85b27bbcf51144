/**
 * The environment compose files are interpolated with, in the action. A pull request can
 * change a compose file to read any variable (`mem_limit: ${ACTIONS_RUNTIME_TOKEN}`) and
 * get its value quoted back in an error message, in a comment anyone can read, where the
 * runner's log masking does not reach. So the runner's own variables, the action's inputs
 * (the token among them) and anything named like a credential are left out; what the
 * workflow sets for its own use (an image tag, a replica count) stays.
 */
import type { WithheldReason } from '../../compose/unset.js';

const RUNNER_PREFIXES = ['INPUT_', 'ACTIONS_', 'GITHUB_', 'RUNNER_', 'STATE_'];
const CREDENTIAL =
  /TOKEN|SECRET|PASSWORD|PASSWD|PASS$|PWD$|CREDENTIAL|PRIVATE|KEY|AUTH|COOKIE|SESSION|SIGNATURE|CERT/i;

/** The variables interpolationEnv leaves out, and why, so messages can name them. */
export function withheldVariables(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, WithheldReason> {
  const out: Record<string, WithheldReason> = {};
  for (const name of Object.keys(env)) {
    const upper = name.toUpperCase();
    if (RUNNER_PREFIXES.some((p) => upper.startsWith(p))) out[name] = 'runner';
    else if (CREDENTIAL.test(name)) out[name] = 'credential';
  }
  return out;
}

export function interpolationEnv(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    const upper = name.toUpperCase();
    if (RUNNER_PREFIXES.some((p) => upper.startsWith(p))) continue;
    if (CREDENTIAL.test(name)) continue;
    out[name] = value;
  }
  return out;
}
