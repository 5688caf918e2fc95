package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.simulator.report.ReportText;
import dev.ec2runner.simulator.report.SandboxReport;
import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.scenario.ScenarioLoader;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The local sandbox: the whole system on one machine (a real kube-apiserver and etcd, or an existing cluster; the
 * real operator and receiver; simulated EC2 and GitHub; signed webhooks over HTTP), a live fleet table and a final
 * report.
 *
 * <p>Exit codes: 0 when every run met its invariants, 1 when one did not (or the run broke), 2 for a bad command
 * line or scenario.
 */
public final class SandboxMain {

  public static final double DEFAULT_SPEED = 10;
  static final String DEMO = "dev/ec2runner/simulator/sandbox/demo.yaml";
  static final Path LOG = SandboxArguments.OUTPUT.resolve("sandbox.log");
  /** How long Ctrl-C waits for the run to stop its operator and clean up. */
  private static final Duration CLOSE_AFTER_CTRL_C = Duration.ofMinutes(3);

  private final PrintStream out;
  private final PrintStream err;
  private final boolean interactive;
  private final AtomicBoolean reported = new AtomicBoolean();

  SandboxMain(PrintStream out, PrintStream err, boolean interactive) {
    this.out = out;
    this.err = err;
    this.interactive = interactive;
  }

  public static void main(String[] args) {
    logToFile();
    int code = new SandboxMain(System.out, System.err, System.console() != null).run(args, true);
    System.exit(code);
  }

  /** The operator's and receiver's logs go to a file: the terminal belongs to the fleet table. */
  private static void logToFile() {
    try {
      Files.createDirectories(LOG.toAbsolutePath().getParent());
      System.setProperty("org.slf4j.simpleLogger.logFile", LOG.toString());
      System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
      System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    } catch (IOException e) {
      System.err.println("ec2-runner-sandbox: cannot create " + LOG.getParent() + " (" + e.getMessage()
          + "); logging to the terminal");
    }
  }

  /**
   * Runs the sandbox for a command line.
   *
   * @param onCtrlC print the report so far when the JVM is stopped (only for a real process)
   * @return the exit code
   */
  int run(String[] args, boolean onCtrlC) {
    SandboxArguments arguments;
    Scenario scenario;
    SandboxOptions options;
    try {
      arguments = SandboxArguments.parse(args);
      if (arguments.help()) {
        out.println(SandboxArguments.HELP);
        return 0;
      }
      scenario = load(arguments.scenario());
      options = options(arguments);
    } catch (SandboxArguments.Invalid e) {
      err.println("ec2-runner-sandbox: " + e.getMessage());
      return 2;
    }
    Scenario.Strategy strategy = options.strategyFor(scenario);
    out.printf("ec2-runner sandbox: scenario %s, strategy %s, speed %.0fx (%ds of workload)%n", scenario.name(),
        strategy.name().toLowerCase(), options.speed(), scenario.duration().toSeconds());
    if (strategy != Scenario.Strategy.BASELINE) {
      ClusterLines.print(out, arguments.kubeconfig(), options.kubernetes());
    }
    out.println("logs: " + LOG);
    SandboxRun run = SandboxRun.of(scenario, options);
    if (onCtrlC) {
      Thread main = Thread.currentThread();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(run, main, arguments), "sandbox-ctrl-c"));
    }
    try {
      SandboxResult result = run.run();
      if (reported.compareAndSet(false, true)) {
        print(result);
        writeJson(arguments.reportJson(), result.runs().stream().map(RunResult::report).toList(),
            result.comparison());
      }
      return result.healthy() ? 0 : 1;
    } catch (ScenarioRefused e) {
      err.println("ec2-runner-sandbox: " + e.getMessage());
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("ec2-runner-sandbox: the run failed: " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      // Whatever ended the run, a later Ctrl-C or exit has nothing to report.
      reported.set(true);
    }
  }

  private static Scenario load(Path file) throws SandboxArguments.Invalid {
    try {
      if (file == null) {
        try (InputStream demo = SandboxMain.class.getClassLoader().getResourceAsStream(DEMO)) {
          if (demo == null) {
            throw new IllegalStateException(DEMO + " is missing from the classpath");
          }
          return ScenarioLoader.parse(new String(demo.readAllBytes(), StandardCharsets.UTF_8), Path.of("."), "demo");
        }
      }
      return ScenarioLoader.load(file);
    } catch (NoSuchFileException e) {
      throw new SandboxArguments.Invalid("scenario file " + file + " not found");
    } catch (IOException e) {
      throw new SandboxArguments.Invalid("cannot read scenario " + file + ": " + firstLine(e.getMessage()));
    } catch (RuntimeException e) {
      // ScenarioLoader names the offending key; a malformed RunnerPool surfaces from the deserializer.
      throw new SandboxArguments.Invalid((file == null ? "demo" : file) + ": " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  private SandboxOptions options(SandboxArguments arguments) throws SandboxArguments.Invalid {
    double speed = arguments.speed() != null ? arguments.speed() : DEFAULT_SPEED;
    KubernetesTarget kubernetes = arguments.kubeconfig() == null
        ? new KubernetesTarget.OwnServer(SandboxArguments.OWN_KUBECONFIG)
        : KubernetesTarget.existingCluster(existingCluster(arguments.kubeconfig()));
    return SandboxOptions.atSpeed(speed)
        .withStrategy(arguments.strategy())
        .withKubernetes(kubernetes)
        .withView(new TerminalView(out, interactive), interactive ? Duration.ofSeconds(1) : Duration.ofSeconds(5));
  }

  private static Config existingCluster(Path kubeconfig) throws SandboxArguments.Invalid {
    if (!Files.isRegularFile(kubeconfig)) {
      throw new SandboxArguments.Invalid("kubeconfig " + kubeconfig + " not found");
    }
    try {
      return Config.fromKubeconfig(kubeconfig.toFile());
    } catch (RuntimeException e) {
      throw new SandboxArguments.Invalid("cannot use kubeconfig " + kubeconfig + ": " + firstLine(e.getMessage()));
    }
  }

  private void print(SandboxResult result) {
    out.println();
    for (RunResult run : result.runs()) {
      out.print(ReportText.render(run.report()));
      if (run.operatorRestarts() > 0) {
        out.println("operator  restarted " + run.operatorRestarts() + " times");
      }
      for (FailedJob job : run.failedJobs()) {
        out.println("failed    job #" + job.sequence() + " " + job.jobIds() + " on " + job.runnerName() + ": "
            + (job.explained() ? job.events().stream().map(FailedJob.Note::toString)
                .collect(java.util.stream.Collectors.joining("; ")) : "no Warning Event names it"));
      }
      out.println();
    }
    if (result.comparison() != null) {
      out.print(result.comparison().render());
    }
  }

  /**
   * Ctrl-C: prints the report so far, then interrupts the run and waits for it to close what it started (on an
   * existing cluster that includes emptying and deleting its namespace).
   */
  private void stop(SandboxRun run, Thread main, SandboxArguments arguments) {
    if (!reportSoFar(run, arguments)) {
      return;
    }
    if (run.options().kubernetes() instanceof KubernetesTarget.ExistingCluster cluster) {
      out.println("cleaning up namespace " + cluster.namespace() + ": the operator drains and removes its runners"
          + " (busy ones finish their jobs first)");
      out.flush();
    }
    main.interrupt();
    try {
      if (!run.awaitClosed(CLOSE_AFTER_CTRL_C)) {
        err.println("ec2-runner-sandbox: the run did not close within " + CLOSE_AFTER_CTRL_C.toSeconds() + "s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Prints the report so far, unless a report was printed already; says whether it printed. */
  private boolean reportSoFar(SandboxRun run, SandboxArguments arguments) {
    if (!reported.compareAndSet(false, true)) {
      return false;
    }
    List<SandboxReport> reports = run.reportSoFar();
    out.println();
    out.println("interrupted: the report so far");
    reports.forEach(report -> out.print(ReportText.render(report)));
    try {
      writeJson(arguments.reportJson(), reports, null);
    } catch (UncheckedIOException e) {
      err.println("ec2-runner-sandbox: " + e.getMessage());
    }
    out.flush();
    return true;
  }

  private void writeJson(Path file, List<SandboxReport> reports, Comparison comparison) {
    if (file == null || reports.isEmpty()) {
      return;
    }
    try {
      ReportJson.write(file, reports, comparison);
      out.println("report: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
