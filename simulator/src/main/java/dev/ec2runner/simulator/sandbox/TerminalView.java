package dev.ec2runner.simulator.sandbox;

import java.io.PrintStream;

/**
 * Shows the sandbox's progress: on an interactive terminal the fleet table redrawn in place (ANSI clear), otherwise
 * one summary line per refresh, which reads well in a log or a CI console.
 */
final class TerminalView implements LiveView {

  private static final String CLEAR = "\033[H\033[2J";

  private final PrintStream out;
  private final boolean interactive;

  TerminalView(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  @Override
  public void show(LiveSnapshot snapshot) {
    if (!interactive) {
      out.println(snapshot.summary());
      return;
    }
    StringBuilder screen = new StringBuilder(CLEAR).append(snapshot.summary()).append(System.lineSeparator())
        .append(System.lineSeparator()).append(snapshot.table());
    out.print(screen);
    out.flush();
  }
}
