/** The package version, shown in the OpenAPI document and by the CLI. */
export const VERSION = '0.1.0';
