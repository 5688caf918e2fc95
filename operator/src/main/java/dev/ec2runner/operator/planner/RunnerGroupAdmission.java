package dev.ec2runner.operator.planner;

import java.util.Locale;
import java.util.Set;

/**
 * Which repositories' jobs a pool's runner group lets GitHub give its runners. GitHub never assigns a job of a
 * repository outside a group limited to selected repositories, so such a job must not count as the pool's demand:
 * it would keep idle runners up until GitHub cancels the job after 24 hours.
 *
 * @param group the group's name as the pool names it ({@code Default} when unset)
 * @param selected the admitted repositories (lower-cased owner/name), or null when the group admits all of them
 */
public record RunnerGroupAdmission(String group, Set<String> selected) {

  public static final String REFUSED = "RepositoryNotInRunnerGroup";

  public RunnerGroupAdmission {
    selected = selected == null ? null : Set.copyOf(selected);
  }

  /** A group that admits every repository of its scope (or whose access is not known: doubt never drops demand). */
  public static RunnerGroupAdmission all(String group) {
    return new RunnerGroupAdmission(group, null);
  }

  public boolean admits(String repository) {
    return selected == null || repository == null || selected.contains(repository.toLowerCase(Locale.ROOT));
  }

  /** Why a job of the repository does not count, for its status and Warning Event. */
  public String refusal(String repository, String pool) {
    return "repository " + repository + " may not use runner group '" + group + "' of pool " + pool
        + " (its repository access is limited to " + selected.size() + " selected repositories), so GitHub never"
        + " gives this job to the pool's runners and it does not count as demand; add the repository to the group's"
        + " repository access on GitHub (Settings → Actions → Runner groups), or serve it with a pool in a group it"
        + " may use, then re-run the job";
  }
}
