/** The edges a command touches, passed in so tests run commands in-process and read what they wrote. */
export interface Io {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: Io = {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};
