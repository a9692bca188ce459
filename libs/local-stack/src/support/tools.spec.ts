import { MissingToolError } from '../infra.errors';
import type { ToolName } from './tools';
import { missingToolsMessage, requireTools } from './tools';

const installedOnly =
  (...installed: ToolName[]) =>
  (tool: ToolName): boolean =>
    installed.includes(tool);

describe('requireTools', () => {
  it('says exactly what to install when java is missing', () => {
    expect(() => requireTools(['java'], installedOnly('mvn'))).toThrow('apt-get install openjdk-17-jre-headless');
  });

  it('names both packages when java and mvn are missing', () => {
    let error: unknown;
    try {
      requireTools(['java', 'mvn'], installedOnly());
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MissingToolError);
    expect((error as MissingToolError).tools).toEqual(['java', 'mvn']);
    expect((error as Error).message).toContain('apt-get install openjdk-17-jre-headless maven');
  });

  it('passes when every tool is installed', () => {
    expect(() => requireTools(['java', 'mvn'], installedOnly('java', 'mvn'))).not.toThrow();
  });
});

describe('missingToolsMessage', () => {
  it('names the missing tool', () => {
    expect(missingToolsMessage(['mvn'])).toMatch(/^mvn is not installed.*apt-get install maven$/);
  });
});
