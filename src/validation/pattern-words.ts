/**
 * What each pattern in our schemas allows, in words. A regular expression is no answer to
 * "what may I write here?", so every pattern a user can run into is explained here; one
 * missing from the table is still named, never left at "not allowed".
 */
const WORDS: Readonly<Record<string, string>> = {
  // capacity.schema.json: names of hosts, services and scenarios
  '^[^\\u0000-\\u001f\\u007f-\\u009f]*$':
    'a name cannot hold control characters, such as a line break or a tab',
  // capacity.schema.json: tier names
  '^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$':
    'a tier name starts with a letter or a digit and holds only letters, digits, ".", "_" and "-", at most 63 characters, such as "standard"',
  // capacity.schema.json: host cost
  '^[A-Za-z]{3}$': 'a currency is a three-letter code, such as "USD", "EUR" or "CNY"',
  // capacity.schema.json: compose project name, as compose allows it
  '^[a-z0-9][a-z0-9_-]*$':
    'a compose project name starts with a lower-case letter or a digit and holds only lower-case letters, digits, "_" and "-"',
  // capacity.schema.json: policy warn_below
  '^\\s*[0-9.]+\\s*%\\s*$': 'write a percentage, such as "15%"',
  // capacity.schema.json: the file system a host's snapshot gives its disk from
  '^/': 'a mount point is an absolute path, such as "/" or "/data"',
  // capacity.schema.json: policy snapshot_max_age
  '^\\s*[0-9]+(\\.[0-9]+)?\\s*(h|d|w)\\s*$':
    'write an age in hours, days or weeks, such as "12h", "30d" or "2w"',
  // snapshot.schema.json: when the snapshot was taken
  '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$':
    'write a time in UTC, as headroom snapshot does, such as "2026-12-01T09:30:00Z"',
  // snapshot.schema.json: the measured paths
  '^/[^\\u0000-\\u001f\\u007f-\\u009f]*$':
    'a measured path is absolute, such as "/" or "/data", and holds no control characters',
  // action-report.schema.json: commits and the repository, in a report read back to post
  '^[0-9a-f]{40}([0-9a-f]{24})?$':
    'a commit is its full id: 40 (or 64) lower-case hexadecimal digits',
  '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$': 'a repository is written owner/name, such as "octo/shop"',
  // compose.schema.json: container_name
  '[a-zA-Z0-9][a-zA-Z0-9_.-]+':
    'a container name is a letter or a digit followed by at least one letter, digit, ".", "_" or "-"',
  // compose.schema.json: pull_policy
  'always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+':
    'a pull policy is always, never, build, if_not_present, missing, refresh, daily, weekly, or every_ and a duration such as every_12h',
};

/** Every pattern with words, for the test that each pattern of every schema has some. */
export const PATTERNS_IN_WORDS: readonly string[] = Object.keys(WORDS);

/** What a pattern allows, in words (the pattern itself when it has no words yet). */
export function patternWords(pattern: string): string {
  return WORDS[pattern] ?? `it must match the pattern ${pattern}`;
}
