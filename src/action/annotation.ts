/**
 * An annotation as the renderers make it and the runner shows it: on the run, and with a
 * file on the pull request's diff.
 */
export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  title: string;
  message: string;
  file?: string;
  line?: number;
  col?: number;
}
