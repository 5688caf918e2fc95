package dev.ec2runner.operator.bootstrap;

/** POSIX shell quoting: any string becomes one word that the shell reads back unchanged. */
final class ShellQuoting {

  private ShellQuoting() {
  }

  /** Wraps the value in single quotes; an embedded single quote becomes {@code '\''}. */
  static String quote(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("shell values cannot contain NUL characters");
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
