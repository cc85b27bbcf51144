/**
 * The runner's protocol, as text. The runner hands inputs over as `INPUT_<NAME>` variables,
 * reads `::command key=value::message` lines from the action's stdout, and reads outputs as
 * `name<<DELIMITER` blocks appended to the file GITHUB_OUTPUT names. The encodings below
 * are byte for byte those of @actions/core (a test holds them to it); they are ours so
 * the action does not load that package's HTTP stack, a third of its start-up time.
 */

/** The variable the runner sets for an input: spaces become `_`, hyphens stay. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** A command's message: nothing in it may end the line the command is on. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command's property value: also no `:` (ends the properties) and no `,` (next one). */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export type CommandProperties = Readonly<Record<string, string | number | undefined>>;

/** One workflow command line, without the line ending. */
export function command(name: string, properties: CommandProperties, message: string): string {
  const props = Object.entries(properties)
    // Empty and zero values are left out, as the toolkit does: no property beats a bad one.
    .filter((e): e is [string, string | number] => Boolean(e[1]))
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/**
 * One entry for a file command such as GITHUB_OUTPUT. The delimiter must be unguessable
 * (a value that could contain it could end the block early and set other outputs), so the
 * caller passes a random one; a key or value containing it is refused.
 */
export function fileCommandEntry(key: string, value: string, delimiter: string): string {
  if (key.includes(delimiter) || value.includes(delimiter)) {
    throw new Error('the output delimiter occurs in the output; choose another delimiter');
  }
  return `${key}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/** The annotation kinds the runner shows on the run and, with a file, on the diff. */
export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface AnnotationProperties {
  title?: string;
  file?: string;
  line?: number;
  col?: number;
}

export function annotationCommand(
  level: AnnotationLevel,
  message: string,
  props: AnnotationProperties = {},
): string {
  return command(
    level,
    { title: props.title, file: props.file, line: props.line, col: props.col },
    message,
  );
}
