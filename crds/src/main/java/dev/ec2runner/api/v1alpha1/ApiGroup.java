package dev.ec2runner.api.v1alpha1;

/** The API group and version of every resource in this package, and the labels and names they share. */
public final class ApiGroup {

  public static final String GROUP = "ec2runner.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Label on each Runner naming its RunnerPool; the pool's scale selector. */
  public static final String POOL_LABEL = GROUP + "/pool";

  /** Finalizer that keeps a Runner until its instance and registration are gone. */
  public static final String RUNNER_FINALIZER = GROUP + "/runner-cleanup";

  private ApiGroup() {
  }
}
