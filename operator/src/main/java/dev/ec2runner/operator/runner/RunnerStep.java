package dev.ec2runner.operator.runner;

import dev.ec2runner.api.v1alpha1.Runner;
import java.util.List;

/**
 * One step of a Runner's lifecycle: it brings the Runner one stage further (or finds nothing to do) and says whether
 * the next step may run now.
 */
@FunctionalInterface
public interface RunnerStep {

  Step reconcile(Runner runner, RunnerContext in);

  /** The steps one after the other, each with the Runner the previous one returned, until one says to retry. */
  static RunnerStep inOrder(List<RunnerStep> steps) {
    return (runner, in) -> {
      Step step = Step.proceed(runner);
      for (RunnerStep next : steps) {
        step = next.reconcile(step.runner(), in);
        if (step.stopped()) {
          return step;
        }
      }
      return step;
    };
  }
}
