package dev.ec2runner.receiver.kube;

import dev.ec2runner.api.matching.JobRequest;
import java.util.Optional;

/**
 * The RunnerPools the receiver knows, answering which one serves a job without asking the API server.
 *
 * <p>Implementations: {@link InformerPoolDirectory} (an informer's cache of the watched namespaces' pools) and, in the
 * receiver's tests, one fake, {@code StaticPoolDirectory}; both are held to {@code PoolDirectoryContract}, the first
 * on the real API server.
 */
public interface PoolDirectory {

  /** The pool that serves the job (by the shared PoolMatcher rule), or empty when none does. */
  Optional<ServingPool> poolFor(JobRequest job);

  /** Whether the directory holds every pool the API server had when it started (answers before that may miss pools). */
  boolean synced();

  /** Empty when the directory can answer; otherwise why not (e.g. the pool cache has not synced yet). */
  Optional<String> notReadyReason();
}
