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
  // compose.schema.json: container_name
  '[a-zA-Z0-9][a-zA-Z0-9_.-]+':
    'a container name is a letter or a digit followed by at least one letter, digit, ".", "_" or "-"',
};

/** What a pattern allows, in words (the pattern itself when it has no words yet). */
export function patternWords(pattern: string): string {
  return WORDS[pattern] ?? `it must match the pattern ${pattern}`;
}
