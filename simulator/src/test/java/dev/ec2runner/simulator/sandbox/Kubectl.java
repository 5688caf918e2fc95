package dev.ec2runner.simulator.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real kubectl (the one built with the test's API server, {@code KubeApiServer.kubectl()}), run against one
 * kubeconfig with a private home and discovery cache, as a user of the sandbox runs it.
 */
final class Kubectl {

  private static final long TIMEOUT_SECONDS = 30;

  /** What one kubectl run printed. */
  record Result(int exitCode, String stdout, String stderr) {
  }

  private final Path binary;
  private final Path kubeconfig;
  private final Path workDir;
  private final AtomicInteger runs = new AtomicInteger();

  /** @param workDir a fresh directory for kubectl's home, discovery cache and captured output */
  Kubectl(Path binary, Path kubeconfig, Path workDir) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.workDir = workDir;
  }

  /** Runs kubectl and waits for it (at most 30 s). */
  Result run(String... args) throws IOException, InterruptedException {
    return await(start(args));
  }

  /** Runs kubectl, expects success and returns what it printed on stdout. */
  String ok(String... args) throws IOException, InterruptedException {
    Result result = run(args);
    if (result.exitCode() != 0) {
      throw new AssertionError("kubectl " + String.join(" ", args) + " exited with " + result.exitCode()
          + "\nstdout: " + result.stdout() + "\nstderr: " + result.stderr());
    }
    return result.stdout();
  }

  /** Starts kubectl without waiting; {@link #await} collects it. */
  Running start(String... args) throws IOException {
    int run = runs.incrementAndGet();
    Path out = workDir.resolve("kubectl-" + run + ".out");
    Path err = workDir.resolve("kubectl-" + run + ".err");
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> env = builder.environment();
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("HOME", workDir.toString());
    env.put("KUBECACHEDIR", workDir.resolve("cache").toString());
    return new Running(builder.start(), String.join(" ", args), out, err);
  }

  Result await(Running running) throws IOException, InterruptedException {
    if (!running.process().waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      running.process().destroyForcibly();
      throw new AssertionError("kubectl " + running.command() + " did not finish within " + TIMEOUT_SECONDS
          + " s; stderr so far: " + Files.readString(running.err()));
    }
    return new Result(running.process().exitValue(), Files.readString(running.out()),
        Files.readString(running.err()));
  }

  /** A kubectl process still running. */
  record Running(Process process, String command, Path out, Path err) {

    /** What it has printed on stdout so far. */
    String stdoutSoFar() throws IOException {
      return Files.readString(out);
    }
  }

  /**
   * The rows of a table kubectl printed, keyed by column header; several tables (one per resource type) are
   * returned one after the other. Cells are separated by at least two spaces and never contain two; a row with
   * empty cells is cut at the header's column offsets instead (kubectl aligns a table printed at once).
   */
  static List<Map<String, String>> rows(String output) {
    List<Map<String, String>> rows = new ArrayList<>();
    String header = null;
    for (String line : output.split("\n")) {
      if (line.isBlank()) {
        header = null;
      } else if (header == null) {
        header = line;
      } else {
        rows.add(row(header, line));
      }
    }
    return rows;
  }

  private static Map<String, String> row(String header, String line) {
    String[] names = header.trim().split("\\s{2,}");
    String[] cells = line.trim().split("\\s{2,}");
    int[] offsets = new int[names.length + 1];
    for (int i = 0; i < names.length; i++) {
      offsets[i] = header.indexOf(names[i], i == 0 ? 0 : offsets[i - 1] + names[i - 1].length());
    }
    offsets[names.length] = Integer.MAX_VALUE;
    Map<String, String> row = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      if (cells.length == names.length) {
        row.put(names[i], cells[i]);
      } else {
        int from = Math.min(offsets[i], line.length());
        row.put(names[i], line.substring(from, Math.min(offsets[i + 1], line.length())).trim());
      }
    }
    return row;
  }
}
