package dev.ec2runner.operator;

import dev.ec2runner.api.Durations;
import dev.ec2runner.api.matching.NamespaceScopes;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.planner.PoolSpecCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The operator's settings.
 *
 * @param watchNamespaces namespaces to manage; empty for all
 * @param podNamespace namespace of the leader-election Lease
 * @param observeInterval how often instances and GitHub runners are listed
 * @param completedJobTtl how long completed WorkflowJobs are kept
 * @param appSecretRefresh how often each App Secret is re-read, however many pools name it
 * @param offeringCooldown how long an offering that ran out of capacity is skipped
 * @param instanceVisibilityGrace how long after launch an instance may be missing from listings before it is lost
 * @param eventQuietPeriod how long an identical Event is not repeated
 * @param errorRetry how long to wait before retrying after a cloud or GitHub error that named no delay
 * @param stillQueuedCheckAfter how long a job may wait before GitHub is asked whether it is still queued
 * @param webhookRecoveryInterval how often the leader looks for failed webhook deliveries to redeliver
 * @param maxWorkflowJobsPerNamespace the receiver's cap of WorkflowJobs per namespace, at which pools warn
 * @param gitHubApiHosts the GitHub API hosts (lower case) pools may name in spec.github.apiUrl: the App's JWT and
 *     installation tokens go to no other host
 * @param allowedScopes the GitHub scopes each namespace's pools may serve (ALLOWED_SCOPES)
 * @param installation this installation's identity: only its own instances, launch templates, runner
 *     configurations and GitHub runners are listed and cleaned up
 */
public record OperatorConfig(Set<String> watchNamespaces, boolean leaderElection, String podNamespace, int httpPort,
    Duration observeInterval, Duration completedJobTtl, Duration appSecretRefresh, Duration offeringCooldown,
    Duration instanceVisibilityGrace, Duration eventQuietPeriod, Duration errorRetry, Duration stillQueuedCheckAfter,
    Duration webhookRecoveryInterval, int maxWorkflowJobsPerNamespace, Set<String> gitHubApiHosts,
    NamespaceScopes allowedScopes, InstallationId installation) {

  public static final String LEASE_NAME = "ec2-runner-operator";
  public static final Set<String> DEFAULT_GITHUB_API_HOSTS = Set.of(PoolSpecCheck.DEFAULT_API_HOST);
  /** A host name as GITHUB_API_HOSTS takes it: no scheme, port or path. */
  private static final Pattern HOST_NAME =
      Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
  public static final Duration DEFAULT_STILL_QUEUED_CHECK_AFTER = Duration.ofMinutes(10);
  public static final Duration DEFAULT_WEBHOOK_RECOVERY_INTERVAL = Duration.ofMinutes(2);

  public OperatorConfig {
    watchNamespaces = Set.copyOf(watchNamespaces);
    gitHubApiHosts = Set.copyOf(gitHubApiHosts);
    Objects.requireNonNull(installation, "installation");
  }

  /** The settings before installations had identities: the default one. */
  public OperatorConfig(Set<String> watchNamespaces, boolean leaderElection, String podNamespace, int httpPort,
      Duration observeInterval, Duration completedJobTtl, Duration appSecretRefresh, Duration offeringCooldown,
      Duration instanceVisibilityGrace, Duration eventQuietPeriod, Duration errorRetry, Duration stillQueuedCheckAfter,
      Duration webhookRecoveryInterval, int maxWorkflowJobsPerNamespace, Set<String> gitHubApiHosts,
      NamespaceScopes allowedScopes) {
    this(watchNamespaces, leaderElection, podNamespace, httpPort, observeInterval, completedJobTtl, appSecretRefresh,
        offeringCooldown, instanceVisibilityGrace, eventQuietPeriod, errorRetry, stillQueuedCheckAfter,
        webhookRecoveryInterval, maxWorkflowJobsPerNamespace, gitHubApiHosts, allowedScopes, InstallationId.DEFAULT);
  }

  /** The settings before the GitHub API hosts were configurable: api.github.com only. */
  public OperatorConfig(Set<String> watchNamespaces, boolean leaderElection, String podNamespace, int httpPort,
      Duration observeInterval, Duration completedJobTtl, Duration appSecretRefresh, Duration offeringCooldown,
      Duration instanceVisibilityGrace, Duration eventQuietPeriod, Duration errorRetry, Duration stillQueuedCheckAfter,
      Duration webhookRecoveryInterval, int maxWorkflowJobsPerNamespace) {
    this(watchNamespaces, leaderElection, podNamespace, httpPort, observeInterval, completedJobTtl, appSecretRefresh,
        offeringCooldown, instanceVisibilityGrace, eventQuietPeriod, errorRetry, stillQueuedCheckAfter,
        webhookRecoveryInterval, maxWorkflowJobsPerNamespace, DEFAULT_GITHUB_API_HOSTS, NamespaceScopes.unrestricted());
  }

  /** The settings before the WorkflowJob cap was configurable; it takes its default. */
  public OperatorConfig(Set<String> watchNamespaces, boolean leaderElection, String podNamespace, int httpPort,
      Duration observeInterval, Duration completedJobTtl, Duration appSecretRefresh, Duration offeringCooldown,
      Duration instanceVisibilityGrace, Duration eventQuietPeriod, Duration errorRetry, Duration stillQueuedCheckAfter,
      Duration webhookRecoveryInterval) {
    this(watchNamespaces, leaderElection, podNamespace, httpPort, observeInterval, completedJobTtl, appSecretRefresh,
        offeringCooldown, instanceVisibilityGrace, eventQuietPeriod, errorRetry, stillQueuedCheckAfter,
        webhookRecoveryInterval, WorkflowJob.DEFAULT_MAX_PER_NAMESPACE);
  }

  /** The settings before still-queued checks and webhook recovery were configurable; those take their defaults. */
  public OperatorConfig(Set<String> watchNamespaces, boolean leaderElection, String podNamespace, int httpPort,
      Duration observeInterval, Duration completedJobTtl, Duration appSecretRefresh, Duration offeringCooldown,
      Duration instanceVisibilityGrace, Duration eventQuietPeriod, Duration errorRetry) {
    this(watchNamespaces, leaderElection, podNamespace, httpPort, observeInterval, completedJobTtl, appSecretRefresh,
        offeringCooldown, instanceVisibilityGrace, eventQuietPeriod, errorRetry, DEFAULT_STILL_QUEUED_CHECK_AFTER,
        DEFAULT_WEBHOOK_RECOVERY_INTERVAL);
  }

  public OperatorConfig withObserveInterval(Duration interval) {
    return new OperatorConfig(watchNamespaces, leaderElection, podNamespace, httpPort, interval, completedJobTtl,
        appSecretRefresh, offeringCooldown, instanceVisibilityGrace, eventQuietPeriod, errorRetry,
        stillQueuedCheckAfter, webhookRecoveryInterval, maxWorkflowJobsPerNamespace, gitHubApiHosts,
        allowedScopes, installation);
  }

  public OperatorConfig withStillQueuedCheckAfter(Duration after) {
    return new OperatorConfig(watchNamespaces, leaderElection, podNamespace, httpPort, observeInterval,
        completedJobTtl, appSecretRefresh, offeringCooldown, instanceVisibilityGrace, eventQuietPeriod, errorRetry,
        after, webhookRecoveryInterval, maxWorkflowJobsPerNamespace, gitHubApiHosts,
        allowedScopes, installation);
  }

  public OperatorConfig withWebhookRecoveryInterval(Duration interval) {
    return new OperatorConfig(watchNamespaces, leaderElection, podNamespace, httpPort, observeInterval,
        completedJobTtl, appSecretRefresh, offeringCooldown, instanceVisibilityGrace, eventQuietPeriod, errorRetry,
        stillQueuedCheckAfter, interval, maxWorkflowJobsPerNamespace, gitHubApiHosts,
        allowedScopes, installation);
  }

  public OperatorConfig withGitHubApiHosts(Set<String> hosts) {
    return new OperatorConfig(watchNamespaces, leaderElection, podNamespace, httpPort, observeInterval,
        completedJobTtl, appSecretRefresh, offeringCooldown, instanceVisibilityGrace, eventQuietPeriod, errorRetry,
        stillQueuedCheckAfter, webhookRecoveryInterval, maxWorkflowJobsPerNamespace, hosts, allowedScopes,
        installation);
  }

  public OperatorConfig withAllowedScopes(NamespaceScopes scopes) {
    return new OperatorConfig(watchNamespaces, leaderElection, podNamespace, httpPort, observeInterval,
        completedJobTtl, appSecretRefresh, offeringCooldown, instanceVisibilityGrace, eventQuietPeriod, errorRetry,
        stillQueuedCheckAfter, webhookRecoveryInterval, maxWorkflowJobsPerNamespace, gitHubApiHosts, scopes,
        installation);
  }

  public OperatorConfig withInstallation(InstallationId id) {
    return new OperatorConfig(watchNamespaces, leaderElection, podNamespace, httpPort, observeInterval,
        completedJobTtl, appSecretRefresh, offeringCooldown, instanceVisibilityGrace, eventQuietPeriod, errorRetry,
        stillQueuedCheckAfter, webhookRecoveryInterval, maxWorkflowJobsPerNamespace, gitHubApiHosts, allowedScopes,
        id);
  }

  public OperatorConfig withMaxWorkflowJobsPerNamespace(int max) {
    return new OperatorConfig(watchNamespaces, leaderElection, podNamespace, httpPort, observeInterval,
        completedJobTtl, appSecretRefresh, offeringCooldown, instanceVisibilityGrace, eventQuietPeriod, errorRetry,
        stillQueuedCheckAfter, webhookRecoveryInterval, max, gitHubApiHosts, allowedScopes, installation);
  }

  /**
   * Reads {@code WATCH_NAMESPACES}, {@code LEADER_ELECTION}, {@code POD_NAMESPACE}, {@code HTTP_PORT},
   * {@code OBSERVE_INTERVAL}, {@code WORKFLOW_JOB_TTL}, {@code STILL_QUEUED_CHECK_AFTER},
   * {@code WEBHOOK_RECOVERY_INTERVAL}, {@code MAX_WORKFLOW_JOBS_PER_NAMESPACE}, {@code GITHUB_API_HOSTS},
   * {@code ALLOWED_SCOPES} and {@code INSTALLATION_ID} (unset: {@link InstallationId#DEFAULT}).
   *
   * @throws IllegalArgumentException listing every invalid variable and what it expects
   */
  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    List<String> errors = new ArrayList<>();
    Set<String> namespaces = Arrays.stream(env.getOrDefault("WATCH_NAMESPACES", "").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    String leader = env.getOrDefault("LEADER_ELECTION", "false").trim().toLowerCase();
    if (!leader.equals("true") && !leader.equals("false")) {
      errors.add("LEADER_ELECTION must be true or false, got '" + env.get("LEADER_ELECTION") + "'");
    }
    String podNamespace = env.getOrDefault("POD_NAMESPACE", "").trim();
    if (leader.equals("true") && podNamespace.isEmpty()) {
      errors.add("POD_NAMESPACE must be set when LEADER_ELECTION is true (the Lease lives there)");
    }
    int port = 8081;
    String portText = env.getOrDefault("HTTP_PORT", "8081").trim();
    try {
      port = Integer.parseInt(portText);
      if (port < 1 || port > 65535) {
        errors.add("HTTP_PORT must be between 1 and 65535, got " + port);
      }
    } catch (NumberFormatException e) {
      errors.add("HTTP_PORT must be a number, got '" + portText + "'");
    }
    Duration interval = duration(env, "OBSERVE_INTERVAL", "30s", errors);
    Duration ttl = duration(env, "WORKFLOW_JOB_TTL", "1h", errors);
    if (interval != null && interval.compareTo(Duration.ofSeconds(1)) < 0) {
      errors.add("OBSERVE_INTERVAL must be at least 1s, got " + env.get("OBSERVE_INTERVAL"));
    }
    Duration stillQueued = duration(env, "STILL_QUEUED_CHECK_AFTER", "10m", errors);
    if (stillQueued != null && stillQueued.compareTo(Duration.ofMinutes(1)) < 0) {
      errors.add("STILL_QUEUED_CHECK_AFTER must be at least 1m (each check costs a GitHub API call), got "
          + env.get("STILL_QUEUED_CHECK_AFTER"));
    }
    Duration recovery = duration(env, "WEBHOOK_RECOVERY_INTERVAL", "2m", errors);
    if (recovery != null && recovery.compareTo(Duration.ofSeconds(10)) < 0) {
      errors.add("WEBHOOK_RECOVERY_INTERVAL must be at least 10s, got " + env.get("WEBHOOK_RECOVERY_INTERVAL"));
    }
    int maxJobs = WorkflowJob.DEFAULT_MAX_PER_NAMESPACE;
    String maxJobsText = env.getOrDefault("MAX_WORKFLOW_JOBS_PER_NAMESPACE", String.valueOf(maxJobs)).trim();
    try {
      maxJobs = Integer.parseInt(maxJobsText);
      if (maxJobs < 0) {
        errors.add("MAX_WORKFLOW_JOBS_PER_NAMESPACE must be 0 (no cap) or more, got " + maxJobs);
      }
    } catch (NumberFormatException e) {
      errors.add("MAX_WORKFLOW_JOBS_PER_NAMESPACE must be a number, got '" + maxJobsText + "'");
    }
    Set<String> apiHosts = gitHubApiHosts(env, errors);
    NamespaceScopes scopes = NamespaceScopes.unrestricted();
    try {
      scopes = NamespaceScopes.parse(env.get(NamespaceScopes.ENV));
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
    }
    InstallationId installation = InstallationId.DEFAULT;
    String installationText = env.getOrDefault("INSTALLATION_ID", "").trim();
    if (!installationText.isEmpty()) {
      try {
        installation = new InstallationId(installationText);
      } catch (IllegalArgumentException e) {
        errors.add("INSTALLATION_ID: " + e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid configuration: " + String.join("; ", errors));
    }
    return defaults(interval)
        .with(namespaces, leader.equals("true"), podNamespace.isEmpty() ? null : podNamespace, port, ttl)
        .withStillQueuedCheckAfter(stillQueued)
        .withWebhookRecoveryInterval(recovery)
        .withMaxWorkflowJobsPerNamespace(maxJobs)
        .withGitHubApiHosts(apiHosts)
        .withAllowedScopes(scopes)
        .withInstallation(installation);
  }

  /** GITHUB_API_HOSTS: comma-separated host names; unset or blank means api.github.com only. */
  private static Set<String> gitHubApiHosts(Map<String, String> env, List<String> errors) {
    Set<String> hosts = Arrays.stream(env.getOrDefault("GITHUB_API_HOSTS", "").split(","))
        .map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).collect(Collectors.toSet());
    hosts.stream().filter(h -> !HOST_NAME.matcher(h).matches()).sorted().forEach(h -> errors.add(
        "GITHUB_API_HOSTS takes host names such as api.github.com or github.example.com (no scheme, port or path),"
            + " got '" + h + "'"));
    return hosts.isEmpty() ? DEFAULT_GITHUB_API_HOSTS : hosts;
  }

  /** The defaults for everything, observing at the given interval. */
  public static OperatorConfig defaults(Duration observeInterval) {
    return new OperatorConfig(Set.of(), false, null, 8081, observeInterval, Duration.ofHours(1),
        Duration.ofSeconds(30), Duration.ofMinutes(3), Duration.ofMinutes(2), Duration.ofMinutes(5),
        Duration.ofSeconds(30));
  }

  private OperatorConfig with(Set<String> namespaces, boolean leader, String podNs, int port, Duration ttl) {
    return new OperatorConfig(namespaces, leader, podNs, port, observeInterval, ttl, appSecretRefresh,
        offeringCooldown, instanceVisibilityGrace, eventQuietPeriod, errorRetry, stillQueuedCheckAfter,
        webhookRecoveryInterval, maxWorkflowJobsPerNamespace, gitHubApiHosts,
        allowedScopes, installation);
  }

  private static Duration duration(Map<String, String> env, String name, String fallback, List<String> errors) {
    String text = env.getOrDefault(name, fallback).trim();
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      errors.add(name + ": " + e.getMessage());
      return null;
    }
  }
}
