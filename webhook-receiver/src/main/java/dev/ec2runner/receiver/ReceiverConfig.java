package dev.ec2runner.receiver;

import dev.ec2runner.api.matching.NamespaceScopes;
import dev.ec2runner.receiver.kube.NamespaceJobCap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The receiver's configuration from its flags and environment.
 *
 * <pre>
 * --port N              listen port (default 8080)
 * --secret-file FILE    webhook secrets, one per line (rotation); otherwise env WEBHOOK_SECRET
 * --namespace NS[,NS]   the namespaces whose RunnerPools are read, as the operator watches them; each job is written
 *                       into its pool's namespace (repeatable; default env POD_NAMESPACE, else default)
 * --all-namespaces      read RunnerPools everywhere
 * --allowed-scopes S    which GitHub scopes each namespace's pools may serve (default env ALLOWED_SCOPES, as the
 *                       operator reads it; see {@link NamespaceScopes})
 * --max-body-bytes N    largest accepted body (default 1 MiB)
 * --host ADDRESS        listen address (default 0.0.0.0)
 * --max-jobs-per-namespace N  WorkflowJobs a namespace may hold before new jobs are refused with 503
 *                       (default env MAX_WORKFLOW_JOBS_PER_NAMESPACE, as the operator reads it, else 5000; 0: none)
 * </pre>
 *
 * @param namespaces the namespaces whose pools the receiver reads; empty in all-namespaces mode
 */
public record ReceiverConfig(String host, int port, List<String> secrets, List<String> namespaces, long maxBodyBytes,
    int maxJobsPerNamespace, NamespaceScopes allowedScopes) {

  /** The operator's variable for the same cap, so that one setting serves both. */
  static final String MAX_JOBS_ENV = "MAX_WORKFLOW_JOBS_PER_NAMESPACE";

  public static final String USAGE = "usage: ec2-runner-webhook-receiver [--port N] [--secret-file FILE]"
      + " [--namespace NS[,NS] | --all-namespaces] [--allowed-scopes NS=SCOPE[,SCOPE][;…]] [--max-body-bytes N]"
      + " [--host ADDRESS] [--max-jobs-per-namespace N]"
      + " (secret from --secret-file or env WEBHOOK_SECRET)";

  public ReceiverConfig {
    namespaces = List.copyOf(namespaces);
  }

  /**
   * One namespace (null: all), the default cap of WorkflowJobs per namespace, every scope allowed.
   */
  public ReceiverConfig(String host, int port, List<String> secrets, String namespace, long maxBodyBytes) {
    this(host, port, secrets, namespace == null ? List.of() : List.of(namespace), maxBodyBytes,
        NamespaceJobCap.DEFAULT_MAX_JOBS, NamespaceScopes.unrestricted());
  }

  @Override
  public String toString() {
    // Never print the secrets.
    return "ReceiverConfig[host=" + host + ", port=" + port + ", secrets=" + secrets.size() + ", namespaces="
        + (namespaces.isEmpty() ? "(all)" : String.join(",", namespaces)) + ", allowedScopes=" + allowedScopes
        + ", maxBodyBytes=" + maxBodyBytes + ", maxJobsPerNamespace=" + maxJobsPerNamespace + "]";
  }

  /** Whether the receiver reads the RunnerPools of every namespace. */
  public boolean allNamespaces() {
    return namespaces.isEmpty();
  }

  public static ReceiverConfig parse(String[] args, Map<String, String> env) throws ConfigException {
    String host = "0.0.0.0";
    int port = 8080;
    String secretFile = null;
    List<String> namespaces = new ArrayList<>();
    boolean allNamespaces = false;
    String allowedScopes = env.get(NamespaceScopes.ENV);
    long maxBody = 1024 * 1024;
    int maxJobs = env.containsKey(MAX_JOBS_ENV)
        ? (int) number(MAX_JOBS_ENV, env.get(MAX_JOBS_ENV).trim(), 0, 1_000_000) : NamespaceJobCap.DEFAULT_MAX_JOBS;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      boolean inline = arg.contains("=");
      if (flag.equals("--all-namespaces")) {
        allNamespaces = true;
        continue;
      }
      String value;
      if (inline) {
        value = arg.substring(arg.indexOf('=') + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new ConfigException(flag + " needs a value; " + USAGE);
      }
      switch (flag) {
        case "--port" -> port = (int) number(flag, value, 0, 65535);
        case "--host" -> host = value;
        case "--secret-file" -> secretFile = value;
        case "--namespace" -> Arrays.stream(value.split(",")).map(String::strip).filter(ns -> !ns.isEmpty())
            .forEach(namespaces::add);
        case "--allowed-scopes" -> allowedScopes = value;
        case "--max-body-bytes" -> maxBody = number(flag, value, 1, 25L * 1024 * 1024);
        case "--max-jobs-per-namespace" -> maxJobs = (int) number(flag, value, 0, 1_000_000);
        default -> throw new ConfigException("unknown flag " + flag + "; " + USAGE);
      }
    }
    if (allNamespaces && !namespaces.isEmpty()) {
      throw new ConfigException("--namespace and --all-namespaces exclude each other");
    }
    if (!allNamespaces && namespaces.isEmpty()) {
      String podNamespace = env.get("POD_NAMESPACE");
      namespaces.add(podNamespace == null || podNamespace.isBlank() ? "default" : podNamespace.strip());
    }
    NamespaceScopes scopes;
    try {
      scopes = NamespaceScopes.parse(allowedScopes);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    List<String> secrets = secretFile != null ? readSecrets(secretFile) : envSecret(env);
    return new ReceiverConfig(host, port, secrets, namespaces.stream().distinct().toList(), maxBody, maxJobs, scopes);
  }

  private static List<String> envSecret(Map<String, String> env) throws ConfigException {
    String secret = env.get("WEBHOOK_SECRET");
    if (secret == null || secret.isBlank()) {
      throw new ConfigException("no webhook secret configured: set WEBHOOK_SECRET or pass --secret-file FILE");
    }
    return List.of(secret.strip());
  }

  private static List<String> readSecrets(String file) throws ConfigException {
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("cannot read --secret-file " + file + ": " + e.getClass().getSimpleName());
    }
    // Surrounding whitespace and blank lines are editing artefacts (a trailing newline), not parts of a secret.
    List<String> secrets = lines.stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
    if (secrets.isEmpty()) {
      throw new ConfigException("no webhook secret configured: --secret-file " + file + " holds no secret");
    }
    return secrets;
  }

  private static long number(String flag, String value, long min, long max) throws ConfigException {
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed < min || parsed > max) {
        throw new ConfigException(flag + " must be between " + min + " and " + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(flag + " must be a number");
    }
  }
}
