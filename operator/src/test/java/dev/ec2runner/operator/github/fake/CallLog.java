package dev.ec2runner.operator.github.fake;

import java.util.ArrayList;
import java.util.List;

/** Every REST call the simulated GitHub answered, in order; thread-safe. */
public final class CallLog {

  private final List<ApiCall> calls = new ArrayList<>();

  public synchronized void record(ApiCall call) {
    calls.add(call);
  }

  public synchronized List<ApiCall> all() {
    return List.copyOf(calls);
  }

  /** Calls to one endpoint, e.g. {@code count("POST /app/installations/{installation_id}/access_tokens")}. */
  public synchronized long count(String endpoint) {
    return calls.stream().filter(c -> c.endpoint().equals(endpoint)).count();
  }

  public synchronized long count(String endpoint, int status) {
    return calls.stream().filter(c -> c.endpoint().equals(endpoint) && c.status() == status).count();
  }

  public synchronized void clear() {
    calls.clear();
  }
}
