/** Bad mock-exchange configuration (YAML or code): names the path of the offending value. */
export class MockConfigError extends Error {
  override name = 'MockConfigError';
  readonly code = 'MOCK_CONFIG_INVALID';
  readonly path: string;

  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.path = path;
  }
}
