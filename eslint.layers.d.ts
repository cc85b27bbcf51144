import type { Linter } from 'eslint';

/** Each folder of src/ and the folders its files may import besides their own. */
export declare const LAYERS: Readonly<Record<string, readonly string[]>>;
/** The ESLint configuration that enforces LAYERS. */
export declare const layersConfig: Linter.Config[];
