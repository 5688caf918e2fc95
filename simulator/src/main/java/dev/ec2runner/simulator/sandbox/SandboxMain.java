package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.simulator.report.ReportText;
import dev.ec2runner.simulator.report.SandboxReport;
import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.scenario.ScenarioLoader;
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
 * The local sandbox: the whole system on one machine (embedded Kubernetes API, the real operator and receiver,
 * simulated EC2 and GitHub, signed webhooks over HTTP), a live fleet table and a final report.
 *
 * <p>Exit codes: 0 when every run met its invariants, 1 when one did not (or the run broke), 2 for a bad command
 * line or scenario.
 */
public final class SandboxMain {

  public static final double DEFAULT_SPEED = 10;
  static final String DEMO = "dev/ec2runner/simulator/sandbox/demo.yaml";
  static final Path LOG = SandboxArguments.OUTPUT.resolve("sandbox.log");

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
    try {
      arguments = SandboxArguments.parse(args);
      if (arguments.help()) {
        out.println(SandboxArguments.USAGE);
        return 0;
      }
      scenario = load(arguments.scenario());
    } catch (SandboxArguments.Invalid e) {
      err.println("ec2-runner-sandbox: " + e.getMessage());
      return 2;
    }
    SandboxOptions options = options(arguments, scenario);
    Scenario.Strategy strategy = options.strategyFor(scenario);
    out.printf("ec2-runner sandbox: scenario %s, strategy %s, speed %.0fx (%ds of workload)%n", scenario.name(),
        strategy.name().toLowerCase(), options.speed(), scenario.duration().toSeconds());
    if (strategy != Scenario.Strategy.BASELINE) {
      out.println("watch it: kubectl --kubeconfig " + options.kubeconfig()
          + " get runnerpools,runners,workflowjobs -A");
    }
    out.println("logs: " + LOG);
    SandboxRun run = SandboxRun.of(scenario, options);
    if (onCtrlC) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> reportSoFar(run, arguments), "sandbox-ctrl-c"));
    }
    try {
      SandboxResult result = run.run();
      if (reported.compareAndSet(false, true)) {
        print(result);
        writeJson(arguments.reportJson(), result.runs().stream().map(RunResult::report).toList(),
            result.comparison());
      }
      return result.healthy() ? 0 : 1;
    } catch (IOException | RuntimeException e) {
      err.println("ec2-runner-sandbox: the run failed: " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
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

  private SandboxOptions options(SandboxArguments arguments, Scenario scenario) {
    double speed = arguments.speed() != null ? arguments.speed() : DEFAULT_SPEED;
    return SandboxOptions.atSpeed(speed)
        .withStrategy(arguments.strategy())
        .withKubeconfig(arguments.kubeconfig())
        .withView(new TerminalView(out, interactive), interactive ? Duration.ofSeconds(1) : Duration.ofSeconds(5));
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

  private void reportSoFar(SandboxRun run, SandboxArguments arguments) {
    if (!reported.compareAndSet(false, true)) {
      return;
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
