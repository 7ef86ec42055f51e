/**
 * Where --help and messages send a user for the documentation: docs/ is not in the package, so an installed CLI
 * names each page by its address in the repository (`${DOCS}/runner.md`).
 */
export const DOCS = 'https://github.com/krakenkit/krakenkit/blob/main/docs';
