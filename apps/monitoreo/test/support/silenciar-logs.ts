/**
 * Refusal paths log on purpose (warn); inside the calling `describe` they are silenced to keep the test output
 * readable. Loggers read LOG_LEVEL when the root logger is first created (per test file, lazily).
 */
export function silenciarLogs(): void {
  const nivel = process.env['LOG_LEVEL'];
  beforeAll(() => {
    process.env['LOG_LEVEL'] = 'silent';
  });
  afterAll(() => {
    if (nivel === undefined) delete process.env['LOG_LEVEL'];
    else process.env['LOG_LEVEL'] = nivel;
  });
}
