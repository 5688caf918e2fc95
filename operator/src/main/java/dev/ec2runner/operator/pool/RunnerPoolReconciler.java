package dev.ec2runner.operator.pool;

import dev.ec2runner.api.matching.PoolOffer;
import dev.ec2runner.api.matching.PoolOverlaps;
import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.ApiGroup;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.RunnerPoolStatus;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.cloud.guard.CloudHealth;
import dev.ec2runner.operator.github.access.GitHubAccess;
import dev.ec2runner.operator.job.InterruptedJobMarker;
import dev.ec2runner.operator.job.CompletedJobTtl;
import dev.ec2runner.operator.job.JobDemand;
import dev.ec2runner.operator.job.JobMatching;
import dev.ec2runner.operator.job.JobStatusSync;
import dev.ec2runner.operator.job.StillQueuedCheck;
import dev.ec2runner.operator.kube.ConcurrentRequests;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import dev.ec2runner.operator.observe.Observations;
import dev.ec2runner.operator.observe.ScopeRegistry;
import dev.ec2runner.operator.observe.Snapshot;
import dev.ec2runner.operator.planner.InvalidPoolSpecException;
import dev.ec2runner.operator.planner.ObservedRunner;
import dev.ec2runner.operator.planner.OverlapCondition;
import dev.ec2runner.operator.planner.Plan;
import dev.ec2runner.operator.planner.PlannedCondition;
import dev.ec2runner.operator.planner.Planner;
import dev.ec2runner.operator.planner.PoolBlocker;
import dev.ec2runner.operator.planner.PoolPolicy;
import dev.ec2runner.operator.planner.PoolSpecCheck;
import dev.ec2runner.operator.planner.RunnerPhase;
import dev.ec2runner.operator.planner.UnassignedJob;
import dev.ec2runner.operator.runner.RunnerFactory;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keeps a pool at the size the {@link Planner} wants (ReplicaSet-like): observes its Runners and matched
 * WorkflowJobs, plans, creates and deletes Runners, and writes status, conditions and Events. It is the only writer
 * of its pool's Runners, and JOSDK serialises reconciles per pool, so the cap holds under any burst.
 */
@ControllerConfiguration(name = "runnerpool", finalizerName = ApiGroup.GROUP + "/pool-cleanup")
public final class RunnerPoolReconciler implements Reconciler<RunnerPool>, Cleaner<RunnerPool>, AutoCloseable {

  static final String RUNNERS = "pool-runners";
  static final String JOBS = "pool-jobs";
  /** How often a pool's status may be written for its counts alone. */
  static final Duration COUNTS_INTERVAL = Duration.ofSeconds(1);

  private final GitHubAccess gitHub;
  private final CloudHealth cloudHealth;
  private final PoolGitHubChecks gitHubChecks;
  private final InterruptedJobMarker interruptedJobMarker;
  private final BooleanSupplier stopping;
  private final ScopeRegistry scopes;
  private final Observations observations;
  private final PoolScaler scaler;
  private final ConcurrentRequests requests;
  private final CountsPacing countsPacing = new CountsPacing(COUNTS_INTERVAL, System::nanoTime);
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final Duration maxRecheck;
  private final Duration completedJobTtl;

  public RunnerPoolReconciler(PoolParts parts, GitHubAccess gitHub, CloudHealth cloudHealth, ScopeRegistry scopes,
      Observations observations, EventRecorder events, OperatorMetrics metrics, Clock clock,
      Duration completedJobTtl, BooleanSupplier stopping) {
    this.stopping = stopping;
    this.gitHub = gitHub;
    this.cloudHealth = cloudHealth;
    this.interruptedJobMarker = parts.interruptedJobMarker();
    this.gitHubChecks = parts.gitHubChecks();
    this.scaler = parts.scaler();
    this.requests = parts.requests();
    this.scopes = scopes;
    this.observations = observations;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.maxRecheck = observations.interval();
    this.completedJobTtl = completedJobTtl;
  }

  @Override
  public List<EventSource<?, RunnerPool>> prepareEventSources(EventSourceContext<RunnerPool> context) {
    var runners = new InformerEventSource<>(InformerEventSourceConfiguration.from(Runner.class, RunnerPool.class)
        .withName(RUNNERS)
        .withLabelSelector(ApiGroup.POOL_LABEL)
        .withSecondaryToPrimaryMapper(runner -> Set.of(new ResourceID(
            runner.getMetadata().getLabels().get(ApiGroup.POOL_LABEL), runner.getMetadata().getNamespace())))
        .build(), context);
    var primaries = context.getPrimaryCache();
    var workflowJobs = new InformerEventSource<>(InformerEventSourceConfiguration.from(WorkflowJob.class,
            RunnerPool.class)
        .withName(JOBS)
        .withSecondaryToPrimaryMapper(job -> {
          String namespace = job.getMetadata().getNamespace();
          Set<ResourceID> pools = new HashSet<>();
          JobMatching.bestPool(job, primaries.list(namespace).toList())
              .ifPresent(name -> pools.add(new ResourceID(name, namespace)));
          if (job.getStatus() != null && job.getStatus().getPool() != null) {
            pools.add(new ResourceID(job.getStatus().getPool(), namespace));
          }
          return pools;
        })
        .build(), context);
    return List.of(runners, workflowJobs);
  }

  @Override
  @SuppressWarnings("unchecked")
  public UpdateControl<RunnerPool> reconcile(RunnerPool pool, Context<RunnerPool> context) {
    if (stopping.getAsBoolean()) {
      // The caches may no longer follow the cluster: plan nothing from them; the next process reconciles.
      return UpdateControl.noUpdate();
    }
    Instant now = clock.instant();
    String namespace = pool.getMetadata().getNamespace();
    String name = pool.getMetadata().getName();
    PoolBlocker blocker = null;
    PoolScope scope = null;
    PoolPolicy policy;
    try {
      PoolSpecCheck.require(pool.getSpec());
      observations.regions().use(pool.getMetadata().getUid(), pool.getSpec().getEc2().getRegion());
      scope = PoolScope.of(pool.getSpec().getGithub());
      policy = PoolPolicy.from(pool.getSpec());
    } catch (InvalidPoolSpecException | IllegalArgumentException e) {
      blocker = new PoolBlocker(PoolSpecCheck.INVALID_SPEC, e.getMessage());
      policy = PoolPolicy.fallback(pool.getSpec());
    }
    var jobSource = (InformerEventSource<WorkflowJob, RunnerPool>) context.eventSourceRetriever()
        .getEventSourceFor(WorkflowJob.class, JOBS);
    List<RunnerPool> poolsHere = context.getPrimaryCache().list(namespace).filter(gitHub::mayServe).toList();
    List<WorkflowJob> inNamespace = sortedByName(jobSource.list(namespace, j -> true).toList());
    List<PoolOffer> offersHere = JobMatching.offers(poolsHere);
    List<WorkflowJob> matched = inNamespace.stream()
        .filter(j -> JobMatching.servingPool(j, offersHere).map(name::equals).orElse(false)).toList();
    PlannedCondition overlapping = OverlapCondition.of(name, PoolOverlaps.involving(name, offersHere));
    // By name: a list's contains() compared whole objects, matched job by matched job (quadratic in the jobs).
    Set<String> matchedNames = matched.stream().map(j -> j.getMetadata().getName()).collect(Collectors.toSet());
    List<WorkflowJob> formerlyMatched = inNamespace.stream()
        .filter(j -> j.getStatus() != null && name.equals(j.getStatus().getPool())
            && !matchedNames.contains(j.getMetadata().getName()))
        .toList();

    PoolGitHubChecks.Result github = null;
    if (blocker == null) {
      GitHubAccess.Result access = gitHub.forPool(pool);
      if (access instanceof GitHubAccess.Available available) {
        scopes.register(new ScopeRegistry.PoolRef(namespace, name), scope, available.client());
        github = gitHubChecks.run(pool, available, matched, context.getClient(), now);
        blocker = github.blocker();
      } else {
        blocker = ((GitHubAccess.Unavailable) access).blocker();
      }
    }
    if (blocker == null) {
      blocker = cloudHealth.launchBlocker().orElse(null);
    }
    Map<String, StillQueuedCheck.Outcome> notWaiting = github == null ? Map.of() : github.notWaiting();
    Map<String, JobDemand.NotCounted> notCounted = new HashMap<>(github == null ? Map.of() : github.refused());
    Set<String> notDemand = new HashSet<>(notWaiting.keySet());
    notDemand.addAll(notCounted.keySet());
    Snapshot snapshot = observations.snapshot();
    interruptedJobMarker.markReclaimed(pool, matched, snapshot, context.getClient());
    List<Runner> runners = context.getSecondaryResources(Runner.class).stream()
        .sorted(Comparator.comparing(r -> r.getMetadata().getName())).toList();
    PoolScope observedScope = scope;
    Set<String> endedWell = matched.stream().filter(InterruptedJobMarker::endedWell)
        .map(j -> j.getSpec().getRunnerName()).filter(Objects::nonNull).collect(Collectors.toSet());
    List<ObservedRunner> observed = runners.stream()
        .map(r -> PoolRunnerView.observe(r, snapshot, observedScope, scaler.deletionRequested(r),
            endedWell.contains(r.getMetadata().getName()), now))
        .toList();
    Plan plan = Planner.plan(policy, observed, JobDemand.pendingDemand(matched, inNamespace, observed, notDemand),
        blocker, now);
    var runnerSource = (InformerEventSource<Runner, RunnerPool>) context.eventSourceRetriever()
        .getEventSourceFor(Runner.class, RUNNERS);
    scaler.apply(pool, plan, runners, runnerSource, context.getClient());

    plan.unassigned().forEach(u -> notCounted.put(u.name(),
        new JobDemand.NotCounted(UnassignedJob.REASON, u.message(name))));
    new JobStatusSync(context.getClient(), metrics, events, requests)
        .syncStatus(pool, matched, formerlyMatched, notWaiting, runnerPools(runnerSource, namespace, context),
            notCounted);
    var nextJobExpiry = new CompletedJobTtl(context.getClient(), completedJobTtl).collectGarbage(matched, now);

    List<PlannedCondition> extraConditions = new ArrayList<>(github == null ? List.of() : github.conditions());
    extraConditions.add(overlapping);
    RunnerPoolStatus next = PoolStatusUpdate.next(pool, scope, plan, extraConditions, now);
    Optional<Duration> countsHeldBack = Optional.empty();
    if (!Objects.equals(next, pool.getStatus())) {
      Duration holdBack = PoolStatusUpdate.onlyCountsDiffer(pool.getStatus(), next)
          ? countsPacing.holdBack(pool.getMetadata().getUid()) : Duration.ZERO;
      if (holdBack.isZero()) {
        PoolStatusUpdate.announce(pool, pool.getStatus(), next, events);
        PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(pool, context, p -> {
          p.setStatus(next);
          return p;
        });
        countsPacing.written(pool.getMetadata().getUid());
      } else {
        countsHeldBack = Optional.of(holdBack);
      }
    }
    recordMetrics(namespace, name, runners, plan);
    Duration recheck = Stream.of(plan.recheckAfter(), nextJobExpiry, countsHeldBack)
        .flatMap(Optional::stream)
        .min(Comparator.naturalOrder())
        .filter(d -> d.compareTo(maxRecheck) < 0)
        .orElse(maxRecheck);
    return UpdateControl.<RunnerPool>noUpdate().rescheduleAfter(recheck.plusMillis(1));
  }

  @Override
  public DeleteControl cleanup(RunnerPool pool, Context<RunnerPool> context) {
    if (stopping.getAsBoolean()) {
      return DeleteControl.noFinalizerRemoval();
    }
    Set<Runner> runners = context.getSecondaryResources(Runner.class);
    if (!runners.isEmpty()) {
      scaler.deleteAll(pool, runners, context.getClient());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(maxRecheck);
    }
    scopes.unregister(new ScopeRegistry.PoolRef(pool.getMetadata().getNamespace(), pool.getMetadata().getName()));
    observations.regions().release(pool.getMetadata().getUid());
    gitHub.forget(pool);
    metrics.forgetPool(pool.getMetadata().getNamespace(), pool.getMetadata().getName());
    countsPacing.forget(pool.getMetadata().getUid());
    return DeleteControl.defaultDelete();
  }

  private static List<WorkflowJob> sortedByName(Collection<WorkflowJob> jobs) {
    List<WorkflowJob> sorted = new ArrayList<>(jobs);
    sorted.sort((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()));
    return sorted;
  }

  /**
   * The pool of a runner of the namespace, by runner name, looked up only when a job's status first names it: from
   * its Runner in the informer's cache, or, once that is gone (an ephemeral runner removed after its job), from the
   * name it was given; null for other runners. A map of every Runner of the namespace, built for each pool
   * reconcile, was a quarter of the operator's CPU at 10,000 runners.
   */
  private static Function<String, String> runnerPools(InformerEventSource<Runner, RunnerPool> runners,
      String namespace, Context<RunnerPool> context) {
    return runner -> runners.get(new ResourceID(runner, namespace))
        .map(r -> r.getMetadata().getLabels().get(ApiGroup.POOL_LABEL))
        .orElseGet(() -> RunnerFactory.poolOfName(runner, context.getPrimaryCache().list(namespace)
            .map(p -> p.getMetadata().getName()).collect(Collectors.toSet())).orElse(null));
  }

  /** Once the controllers stopped: waits for this process's requests still in flight. */
  @Override
  public void close() {
    requests.close();
  }

  private void recordMetrics(String namespace, String name, List<Runner> runners, Plan plan) {
    Map<RunnerPhase, Integer> phases = new EnumMap<>(RunnerPhase.class);
    for (Runner runner : runners) {
      RunnerPhase phase = RunnerPhase.fromWireName(runner.getStatus() == null ? null : runner.getStatus().getPhase());
      phases.merge(phase, 1, Integer::sum);
    }
    metrics.runnerPhases(namespace, name, phases);
    metrics.pendingJobs(namespace, name, plan.counts().pendingJobs());
  }
}
