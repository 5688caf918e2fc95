package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.simulator.scenario.Scenario;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The sandbox's command line.
 *
 * @param scenario the scenario file; null for the built-in demo
 * @param reportJson where to write the report as JSON; null for none
 * @param speed simulated seconds per real second; null for the scenario's default
 * @param kubeconfig an existing cluster to run against instead of an API server of the sandbox's own; null for none
 * @param strategy overrides the scenario's strategy; null to keep it
 */
public record SandboxArguments(Path scenario, Path reportJson, Double speed, Path kubeconfig,
    Scenario.Strategy strategy, boolean help) {

  public static final Path OUTPUT = Path.of("sandbox-out");
  /** Where the kubeconfig of the sandbox's own API server is written while it runs. */
  public static final Path OWN_KUBECONFIG = OUTPUT.resolve("kubeconfig");
  public static final String USAGE = "usage: java -jar ec2-runner-sandbox.jar [--scenario FILE] [--report-json FILE]"
      + " [--speed N] [--kubeconfig FILE] [--strategy operator|baseline|compare]";

  /** What {@code --help} prints: the usage, then each flag. */
  public static final String HELP = USAGE + """

        --scenario FILE      a scenario (format in the README; examples in examples/scenarios/); default: the demo
        --speed N            simulated seconds per real second (default 10)
        --strategy S         operator, baseline or compare (both on the same jobs); default: the scenario's
        --report-json FILE   also write the final report as JSON
        --kubeconfig FILE    run against the existing cluster FILE points at (CRDs applied by server-side apply,
                             a namespace of the sandbox's own, removed at the end) instead of starting a
                             kube-apiserver and etcd of its own (whose kubeconfig is written to sandbox-out/kubeconfig)
      exit codes: 0 every invariant held, 1 one did not (or the run broke), 2 bad command line or scenario""";

  private static final java.util.Set<String> FLAGS = java.util.Set.of("--scenario", "--report-json", "--speed",
      "--kubeconfig", "--strategy");

  /** A command line the sandbox cannot run; the message is one line, for the user. */
  public static final class Invalid extends Exception {
    public Invalid(String message) {
      super(message);
    }
  }

  public static SandboxArguments parse(String... args) throws Invalid {
    Path scenario = null;
    Path reportJson = null;
    Double speed = null;
    Path kubeconfig = null;
    Scenario.Strategy strategy = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        return new SandboxArguments(null, null, null, kubeconfig, null, true);
      }
      int equals = arg.indexOf('=');
      String flag = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
      String value;
      if (!flag.startsWith("--")) {
        throw new Invalid("unexpected argument '" + arg + "'; " + USAGE);
      } else if (!FLAGS.contains(flag)) {
        throw new Invalid("unknown flag " + flag + "; " + USAGE);
      } else if (equals > 0) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      } else {
        throw new Invalid(flag + " needs a value; " + USAGE);
      }
      switch (flag) {
        case "--scenario" -> scenario = Path.of(value);
        case "--report-json" -> reportJson = Path.of(value);
        case "--kubeconfig" -> kubeconfig = Path.of(value);
        case "--speed" -> speed = speed(value);
        case "--strategy" -> strategy = strategy(value);
        default -> throw new IllegalStateException("unhandled flag " + flag);
      }
    }
    return new SandboxArguments(scenario, reportJson, speed, kubeconfig, strategy, false);
  }

  private static double speed(String value) throws Invalid {
    try {
      double speed = Double.parseDouble(value);
      if (speed > 0 && speed <= 1000) {
        return speed;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new Invalid("--speed must be a number above 0 and at most 1000 (simulated seconds per real second),"
        + " not '" + value + "'");
  }

  private static Scenario.Strategy strategy(String value) throws Invalid {
    try {
      return Scenario.Strategy.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Invalid("--strategy must be operator, baseline or compare, not '" + value + "'");
    }
  }
}
